// format: service-worker
addEventListener("fetch", (event) => {
  event.respondWith(new Response("typeof dispatchEvent: " + typeof dispatchEvent + "\n"));
});

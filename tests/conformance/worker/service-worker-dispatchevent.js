// format: service-worker
// shoal-pending: EventTarget (later milestone)
addEventListener("fetch", (event) => {
  event.respondWith(new Response("typeof dispatchEvent: " + typeof dispatchEvent + "\n"));
});

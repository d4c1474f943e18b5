// format: service-worker
addEventListener("fetch", (event) => {
  // does not respond; the next listener does
});
addEventListener("fetch", (event) => {
  event.respondWith(new Response("second listener responded"));
});

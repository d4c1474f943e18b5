// format: service-worker
addEventListener("fetch", (event) => {
  const s = event.request.signal;
  event.respondWith(new Response("signal: " + (s instanceof AbortSignal) + " " + s.aborted + "\n"));
});

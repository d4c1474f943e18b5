// format: service-worker
// request: POST /sw/path?q=1
// header: x-test: yes
// body: sw body
addEventListener("fetch", (event) => {
  const r = event.request;
  event.respondWith((async () => {
    const lines = [
      "method: " + r.method,
      "url: " + r.url,
      "x-test: " + r.headers.get("x-test"),
      "body: " + (await r.text()),
      "event type: " + event.type,
      "has waitUntil: " + (typeof event.waitUntil),
      "has passThroughOnException: " + (typeof event.passThroughOnException),
    ];
    return new Response(lines.join("\n") + "\n");
  })());
});

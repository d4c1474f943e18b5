// format: service-worker
// request: POST /api
// header: content-type: application/json
// body: {"n":21}
addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request));
});
async function handle(request) {
  const data = await request.json();
  return Response.json({ received: data, doubled: data.n * 2 });
}

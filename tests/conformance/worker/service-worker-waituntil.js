// format: service-worker
addEventListener("fetch", (event) => {
  let later = "pending";
  event.waitUntil(new Promise((r) => setTimeout(() => { later = "done"; r(); }, 30)));
  event.respondWith(new Response("waitUntil returned; later=" + later));
});

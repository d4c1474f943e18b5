// format: service-worker
addEventListener("fetch", (event) => {
  event.respondWith(new Promise((resolve) => {
    setTimeout(() => resolve(new Response("delayed", { status: 202 })), 5);
  }));
});

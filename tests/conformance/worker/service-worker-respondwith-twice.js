// format: service-worker
addEventListener("fetch", (event) => {
  let second = "unset";
  event.respondWith(new Promise((resolve) => setTimeout(() => resolve(new Response("first; second call: " + second)), 0)));
  try {
    event.respondWith(new Response("second"));
    second = "no error";
  } catch (e) {
    second = e.name;
  }
});

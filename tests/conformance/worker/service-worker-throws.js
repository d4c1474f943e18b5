// format: service-worker
addEventListener("fetch", (event) => {
  throw new Error("listener failure");
});

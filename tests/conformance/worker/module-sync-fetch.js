export default {
  fetch(request) {
    return new Response("sync handler: " + request.method);
  },
};

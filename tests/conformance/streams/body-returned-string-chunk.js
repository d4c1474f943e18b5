// A response body stream may give strings: they go to the client as UTF-8, as in Workers
// (reading such a body with text() is a TypeError: see body-stream-response).
export default {
  async fetch(request, env, ctx) {
    return new Response(new ReadableStream({
      start(c) { c.enqueue(new TextEncoder().encode("bytes, ")); c.enqueue("a string, é"); c.close(); },
    }));
  },
};

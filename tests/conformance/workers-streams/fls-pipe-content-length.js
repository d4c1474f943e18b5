// response-header: content-length
// response-header: transfer-encoding
// Piping a body through a FixedLengthStream gives it a Content-Length.
export default {
  async fetch(request, env, ctx) {
    const source = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("piped!")); c.close(); } });
    return new Response(source.pipeThrough(new FixedLengthStream(6)));
  },
};

// response-header: content-length
// response-header: transfer-encoding
// A Content-Length the worker set on a plain ReadableStream body is dropped: the body goes
// chunked (use FixedLengthStream or expectedLength to send a length).
export default {
  async fetch(request, env, ctx) {
    const rs = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("hello")); c.close(); } });
    return new Response(rs, { headers: { "content-length": "5" } });
  },
};

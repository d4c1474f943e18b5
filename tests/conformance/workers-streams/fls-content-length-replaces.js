// response-header: content-length
// response-header: transfer-encoding
// A Content-Length the worker set is replaced by the FixedLengthStream's length.
export default {
  async fetch(request, env, ctx) {
    const t = new FixedLengthStream(5);
    const w = t.writable.getWriter();
    w.write(new TextEncoder().encode("hello")).then(() => w.close());
    return new Response(t.readable, { headers: { "content-length": "7" } });
  },
};

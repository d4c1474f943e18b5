// response-header: content-length
// response-header: transfer-encoding
// An IdentityTransformStream has no length known in advance: its body goes chunked.
export default {
  async fetch(request, env, ctx) {
    const t = new IdentityTransformStream();
    const w = t.writable.getWriter();
    w.write(new TextEncoder().encode("streamed")).then(() => w.close());
    return new Response(t.readable);
  },
};

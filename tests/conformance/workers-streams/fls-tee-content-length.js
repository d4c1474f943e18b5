// response-header: content-length
// response-header: transfer-encoding
// A branch of a FixedLengthStream's tee still knows the length (so does Response.clone()).
export default {
  async fetch(request, env, ctx) {
    const t = new FixedLengthStream(5);
    const w = t.writable.getWriter();
    w.write(new TextEncoder().encode("hello")).then(() => w.close());
    const original = new Response(t.readable);
    const copy = original.clone();
    ctx.waitUntil(copy.text());
    return original;
  },
};

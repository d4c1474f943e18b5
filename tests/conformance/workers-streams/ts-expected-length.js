// response-header: content-length
// response-header: transfer-encoding
// new TransformStream({ expectedLength }) (Workers' extension): its readable side, as a body,
// is sent with that Content-Length.
export default {
  async fetch(request, env, ctx) {
    const t = new TransformStream({ expectedLength: 6, transform(chunk, c) { c.enqueue(chunk); } });
    const w = t.writable.getWriter();
    w.write(new TextEncoder().encode("abcdef"));
    w.close();
    return new Response(t.readable);
  },
};

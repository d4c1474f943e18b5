// response-header: content-length
// response-header: transfer-encoding
// response-header: x-content-length-seen
// A Response whose body is a FixedLengthStream's readable side is sent with Content-Length
// (not chunked); its headers object does not show it.
export default {
  async fetch(request, env, ctx) {
    const t = new FixedLengthStream(11);
    const w = t.writable.getWriter();
    const enc = new TextEncoder();
    w.write(enc.encode("hello "));
    w.write(enc.encode("world")).then(() => w.close());
    const response = new Response(t.readable, { headers: { "content-type": "text/plain" } });
    response.headers.set("x-content-length-seen", String(response.headers.get("content-length")));
    return response;
  },
};

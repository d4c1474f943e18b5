// response-header: content-length
// response-header: transfer-encoding
// new ReadableStream({ expectedLength }) (Workers' extension): the body is sent with that
// Content-Length.
export default {
  async fetch(request, env, ctx) {
    const rs = new ReadableStream({
      expectedLength: 9,
      start(c) { c.enqueue(new TextEncoder().encode("from a JS")); c.close(); },
    });
    return new Response(rs);
  },
};

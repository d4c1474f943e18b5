// request: POST /echo
// body: hello
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("incoming body instanceof ReadableStream", () => request.body instanceof ReadableStream);
    check("response body instanceof ReadableStream", () => new Response("streamed").body instanceof ReadableStream);
    return done();
  },
};

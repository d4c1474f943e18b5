// request: POST /echo
// header: content-type: text/plain
// body: hello, world
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("method", () => request.method);
    check("content-type", () => request.headers.get("content-type"));
    check("content-length", () => request.headers.get("content-length"));
    log("text:", await request.text());
    check("bodyUsed", () => request.bodyUsed);
    return done();
  },
};

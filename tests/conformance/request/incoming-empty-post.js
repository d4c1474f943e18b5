// request: POST /empty
// body: 
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("method", () => request.method);
    check("content-length", () => request.headers.get("content-length"));
    log("text:", JSON.stringify(await request.text()));
    return done();
  },
};

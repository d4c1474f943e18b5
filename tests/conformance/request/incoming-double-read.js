// request: POST /x
// body: once
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    log("first:", await request.text());
    await acheck("second", () => request.text());
    await acheck("arrayBuffer", () => request.arrayBuffer());
    return done();
  },
};

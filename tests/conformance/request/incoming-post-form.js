// request: POST /form
// header: content-type: application/x-www-form-urlencoded
// body: a=1&b=hello+world&c=%E2%9C%93&a=2
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const params = new URLSearchParams(await request.text());
    check("entries", () => [...params]);
    check("content-type", () => request.headers.get("content-type"));
    return done();
  },
};

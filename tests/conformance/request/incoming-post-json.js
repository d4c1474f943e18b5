// request: POST /json
// header: content-type: application/json
// body: {"name":"shoal","items":[1,2,3],"nested":{"ok":true}}
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const data = await request.json();
    check("data", () => data);
    check("sum", () => data.items.reduce((a, b) => a + b, 0));
    check("name", () => data.name);
    return done();
  },
};

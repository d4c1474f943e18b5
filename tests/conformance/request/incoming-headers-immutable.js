// request: GET /
// header: x-a: 1
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("set", () => request.headers.set("x-new", "1"));
    check("append", () => request.headers.append("x-new", "1"));
    check("delete", () => request.headers.delete("x-a"));
    check("still", () => request.headers.get("x-a"));
    const copy = new Request(request);
    check("copy mutable", () => { copy.headers.set("x-new", "1"); return copy.headers.get("x-new"); });
    const h = new Headers(request.headers);
    check("Headers copy mutable", () => { h.set("x-a", "2"); return h.get("x-a"); });
    return done();
  },
};

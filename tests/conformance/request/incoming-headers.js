// request: GET /h
// header: X-Custom: Value-1
// header: x-multi: a
// header: x-multi: b
// header: Accept: application/json
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("x-custom", () => request.headers.get("x-custom"));
    check("X-CUSTOM", () => request.headers.get("X-CUSTOM"));
    check("x-multi", () => request.headers.get("x-multi"));
    check("accept", () => request.headers.get("accept"));
    check("missing", () => request.headers.get("x-missing"));
    check("has", () => request.headers.has("X-Custom"));
    return done();
  },
};

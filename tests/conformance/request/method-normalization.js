export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const m of ["get", "post", "put", "delete", "head", "options", "Get", "patch", "PATCH", "FOO", "custom-Method", "connect", "CONNECT", "trace", "TRACE", "TRACK", "PROPFIND", "purge"]) {
      check(m, () => new Request("https://example.com/", { method: m }).method);
    }
    return done();
  },
};

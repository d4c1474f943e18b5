export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("https://user:pass@sub.example.com:8080/p/a/t/h?query=string&a=1#hash");
    for (const k of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]) {
      check(k, () => u[k]);
    }
    check("toString", () => u.toString());
    check("toJSON", () => u.toJSON());
    check("JSON.stringify", () => JSON.stringify({ u }));
    check("String()", () => String(u));
    return done();
  },
};

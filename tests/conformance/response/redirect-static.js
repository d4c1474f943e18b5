export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const r = Response.redirect("https://example.com/next");
    check("status", () => r.status);
    check("location", () => r.headers.get("location"));
    check("body", () => r.body);
    check("headers", () => [...r.headers]);
    for (const s of [301, 302, 303, 307, 308]) {
      check(String(s), () => Response.redirect("https://example.com/", s).status);
    }
    for (const s of [200, 300, 304, 309, 400]) {
      check("invalid " + s, () => Response.redirect("https://example.com/", s));
    }
    return done();
  },
};

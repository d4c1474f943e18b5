export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("string status", () => Response.redirect("https://example.com/", "301").status);
    check("float status", () => Response.redirect("https://example.com/", 307.9).status);
    check("undefined status", () => Response.redirect("https://example.com/", undefined).status);
    check("null status", () => Response.redirect("https://example.com/", null));
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("normalized", () => Response.redirect("HTTPS://Example.COM/a/../b c").headers.get("location"));
    check("URL object", () => Response.redirect(new URL("https://example.com/x?y")).headers.get("location"));
    check("relative", () => Response.redirect("/relative").headers.get("location"));
    check("invalid", () => Response.redirect("http://exa mple.com"));
    check("unicode", () => Response.redirect("https://\u00e9.example/\u00e9").headers.get("location"));
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
    check("hex", () => [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join(""));
    const e = await crypto.subtle.digest({ name: "SHA-1" }, new Uint8Array(0));
    check("sha1 empty", () => [...new Uint8Array(e)].map((b) => b.toString(16).padStart(2, "0")).join(""));
    return done();
  },
};

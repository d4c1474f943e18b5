export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["mailto:user@example.com?subject=hi#x", "data:text/plain;base64,SGk=", "javascript:void(0)", "urn:a:b "]) {
      check(s, () => { const u = new URL(s); return [u.protocol, u.host, u.pathname, u.search, u.hash, u.origin]; });
    }
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["http://h/p?", "http://h/p#", "http://h/p?#", "http://h/?#?#"]) {
      check(s, () => { const u = new URL(s); return [u.href, u.search, u.hash, u.pathname]; });
    }
    return done();
  },
};

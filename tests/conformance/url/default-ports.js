export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["http://h:80/", "https://h:443/", "ws://h:80/", "wss://h:443/", "ftp://h:21/", "http://h:443/", "https://h:80/", "http://h:0080/", "foo://h:80/", "http://h:/", "http://h:65535/"]) {
      check(s, () => { const u = new URL(s); return [u.href, u.port, u.host]; });
    }
    return done();
  },
};

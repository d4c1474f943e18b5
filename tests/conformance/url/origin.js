export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = ["http://h/", "https://h:443/", "https://h:8443/x", "HTTP://H:80", "ws://h/", "wss://h:1/", "ftp://h/", "file:///x", "foo://h/", "data:,x", "blob:https://h:1/uuid", "blob:foo://h/uuid", "blob:nope", "http://[::1]:3/", "http://m\u00fcnchen.de/", "http://u:p@h/"];
    for (const s of inputs) check(s, () => new URL(s).origin);
    return done();
  },
};

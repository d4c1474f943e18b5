export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const u = new URL("file://server/share/dir/file.txt?q#h");
    for (const k of ["href", "origin", "protocol", "host", "hostname", "port", "pathname", "search", "hash"]) check(k, () => u[k]);
    const l = new URL("file:///tmp/x");
    check("empty host", () => [l.host, l.hostname, l.origin]);
    check("relative against file", () => new URL("../y", "file:///a/b/c").href);
    check("drive relative", () => new URL("/d", "file:///C:/a/b").href);
    return done();
  },
};

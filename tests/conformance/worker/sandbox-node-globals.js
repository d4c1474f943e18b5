export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const n of ["process", "require", "Buffer", "module", "exports", "__dirname", "__filename", "global", "setImmediate", "window", "document", "importScripts"]) {
      check("typeof " + n, () => typeof globalThis[n]);
    }
    check("bare typeof process", () => typeof process);
    check("bare typeof require", () => typeof require);
    check("bare typeof Buffer", () => typeof Buffer);
    return done();
  },
};

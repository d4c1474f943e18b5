export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder("utf-8", { fatal: true });
    try {
      d.decode(new Uint8Array([0x80]));
      log("no error");
    } catch (e) {
      log("name:", e.name);
      log("instanceof TypeError:", e instanceof TypeError);
    }
    return done();
  },
};

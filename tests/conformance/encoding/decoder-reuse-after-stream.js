export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    check("a", () => d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }));
    check("b", () => d.decode(new Uint8Array([0xac, 0xe2]), { stream: true }));
    check("c", () => d.decode(new Uint8Array([0x82, 0xac])));
    check("fresh", () => d.decode(new Uint8Array([0xac])));
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    const parts = [
      d.decode(new Uint8Array([0xef]), { stream: true }),
      d.decode(new Uint8Array([0xbb]), { stream: true }),
      d.decode(new Uint8Array([0xbf, 0x41]), { stream: true }),
      d.decode(new Uint8Array([0xef, 0xbb, 0xbf]), { stream: true }),
      d.decode(),
    ];
    check("parts", () => parts.map((p) => [...p].map((c) => c.charCodeAt(0))));
    return done();
  },
};

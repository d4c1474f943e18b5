export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    check("partial", () => d.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }));
    check("flush emits replacement", () => d.decode());
    check("fresh after flush", () => d.decode(new Uint8Array([0x41])));
    check("partial then non-stream", () => { d.decode(new Uint8Array([0xe2]), { stream: true }); return d.decode(new Uint8Array([0x41])); });
    check("stream option false", () => d.decode(new Uint8Array([0xc3]), { stream: false }));
    return done();
  },
};

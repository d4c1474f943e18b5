export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder("utf-8", { fatal: true });
    check("fatal flag", () => d.fatal);
    check("valid", () => d.decode(new Uint8Array([0xc3, 0xa9])));
    check("invalid", () => d.decode(new Uint8Array([0xff])));
    check("truncated", () => d.decode(new Uint8Array([0xe2, 0x82])));
    check("surrogate", () => d.decode(new Uint8Array([0xed, 0xa0, 0x80])));
    check("usable after error", () => d.decode(new Uint8Array([0x6f, 0x6b])));
    check("streaming partial ok", () => d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }));
    check("streaming completes", () => d.decode(new Uint8Array([0xac])));
    check("flush incomplete", () => { d.decode(new Uint8Array([0xe2]), { stream: true }); return d.decode(); });
    return done();
  },
};

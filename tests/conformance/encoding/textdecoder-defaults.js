export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    check("encoding", () => d.encoding);
    check("fatal", () => d.fatal);
    check("ignoreBOM", () => d.ignoreBOM);
    check("ascii", () => d.decode(new Uint8Array([104, 105])));
    check("multibyte", () => d.decode(new Uint8Array([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])));
    check("no arg", () => d.decode());
    check("undefined", () => d.decode(undefined));
    check("empty", () => d.decode(new Uint8Array(0)));
    return done();
  },
};

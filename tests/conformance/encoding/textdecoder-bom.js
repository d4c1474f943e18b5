export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, 104, 105]);
    check("default strips", () => new TextDecoder().decode(withBom));
    check("default length", () => new TextDecoder().decode(withBom).length);
    check("ignoreBOM keeps", () => new TextDecoder("utf-8", { ignoreBOM: true }).decode(withBom).length);
    check("ignoreBOM flag", () => new TextDecoder("utf-8", { ignoreBOM: true }).ignoreBOM);
    check("only first stripped", () => new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf])).length);
    check("bom in middle kept", () => new TextDecoder().decode(new Uint8Array([97, 0xef, 0xbb, 0xbf])).length);
    const d = new TextDecoder();
    check("reuse strips again", () => [d.decode(withBom).length, d.decode(withBom).length]);
    return done();
  },
};

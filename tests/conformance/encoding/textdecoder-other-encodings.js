export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const l of ["utf-16le", "utf-16", "utf-16be", "latin1", "iso-8859-1", "windows-1252", "ascii"]) {
      check(l, () => new TextDecoder(l).encoding);
    }
    check("utf-16le decode", () => new TextDecoder("utf-16le").decode(new Uint8Array([0x68, 0, 0x69, 0, 0x3d, 0xd8, 0, 0xde])));
    check("windows-1252 decode", () => new TextDecoder("windows-1252").decode(new Uint8Array([0x41, 0xe9, 0x80, 0x9f])));
    check("latin1 decode", () => new TextDecoder("latin1").decode(new Uint8Array([0xff, 0x80])));
    return done();
  },
};

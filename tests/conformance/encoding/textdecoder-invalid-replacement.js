export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new TextDecoder();
    const cases = {
      "lone continuation": [0x80],
      "invalid byte ff": [0x61, 0xff, 0x62],
      "overlong 2-byte": [0xc0, 0xaf],
      "overlong 3-byte": [0xe0, 0x80, 0xaf],
      "surrogate encoded": [0xed, 0xa0, 0x80],
      "truncated 3-byte": [0xe2, 0x82],
      "truncated then ascii": [0xe2, 0x82, 0x41],
      "above max": [0xf4, 0x90, 0x80, 0x80],
      "f5 byte": [0xf5],
      "truncated 4-byte": [0xf0, 0x9f, 0x98],
    };
    for (const [k, v] of Object.entries(cases)) {
      check(k, () => [...d.decode(new Uint8Array(v))].map((c) => c.codePointAt(0).toString(16)));
    }
    return done();
  },
};

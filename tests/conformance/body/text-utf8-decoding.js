export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const bytes = (...b) => new Response(new Uint8Array(b));
    await acheck("bom stripped", () => bytes(0xef, 0xbb, 0xbf, 104, 105).text());
    await acheck("two boms", () => bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 104).text());
    await acheck("invalid bytes", () => bytes(104, 0xff, 105).text());
    await acheck("truncated seq", () => bytes(0xe2, 0x82).text());
    await acheck("lone surrogate string", () => new Response("a\ud800b").arrayBuffer());
    await acheck("json with bom", () => bytes(0xef, 0xbb, 0xbf, 0x5b, 0x31, 0x5d).json());
    return done();
  },
};

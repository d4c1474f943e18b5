// request: POST /bin
// body: ABé
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const buf = await request.arrayBuffer();
    check("byteLength", () => buf.byteLength);
    check("bytes", () => new Uint8Array(buf));
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    return new Response(new Uint8Array([0, 1, 2, 253, 254, 255]));
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    try {
      throw new Error("handled");
    } catch (e) {
      log("caught:", e.message);
    }
    const r = await Promise.reject(new Error("rejected")).catch((e) => e.message);
    log("caught rejection:", r);
    return done();
  },
};

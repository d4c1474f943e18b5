export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["Z", "Zm9vY", "Zg=", "Zg===", "=Zg=", "Zg==Zg==", "Zm9v*", "Zm-9", "Zm_9", "\u00e9", "Zm9v\u00a0"]) {
      checkMsg(JSON.stringify(s), () => atob(s));
    }
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const m of ["log", "info", "warn", "error", "debug"]) {
      check(m, () => console[m]("shoal conformance", m, 1, { a: 1 }, [1, 2]));
    }
    return done();
  },
};

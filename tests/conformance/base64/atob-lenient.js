export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["Zg", "Zm8", "Zm9vYg", " Zm 9v\t\n", "Zm9v\f", "Zg=\n=", "\nZg==\r\n"]) {
      check(JSON.stringify(s), () => atob(s));
    }
    return done();
  },
};

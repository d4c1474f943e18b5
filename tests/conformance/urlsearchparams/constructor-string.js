export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const s of ["a=1&b=2", "?a=1&b=2", "??a=1", "", "?", "a", "a=", "=b", "=", "&&a=1&&", "a=b=c", "a=1&a=2&a=3", "a+b=c+d", "%61=%62", "a=%zz&b=%", "a=%F0%9F%98%80", "a=\u00e9", "a=1;b=2"]) {
      check(JSON.stringify(s), () => [...new URLSearchParams(s)]);
    }
    return done();
  },
};

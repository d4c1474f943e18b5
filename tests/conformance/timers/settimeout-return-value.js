export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const id = setTimeout(() => {}, 1000);
    check("typeof id", () => typeof id);
    const id2 = setTimeout(() => {}, 1000);
    check("distinct", () => id !== id2);
    check("numeric", () => Number(id) > 0);
    clearTimeout(id);
    clearTimeout(id2);
    const iv = setInterval(() => {}, 1000);
    check("interval typeof", () => typeof iv);
    clearInterval(iv);
    return done();
  },
};

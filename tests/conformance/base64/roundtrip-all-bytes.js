export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let s = "";
    for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
    const enc = btoa(s);
    check("encoded length", () => enc.length);
    check("encoded head", () => enc.slice(0, 24));
    check("encoded tail", () => enc.slice(-24));
    check("roundtrip", () => atob(enc) === s);
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("no args", () => AbortSignal.any());
    check("number", () => AbortSignal.any(5));
    check("plain object element", () => AbortSignal.any([{}]));
    check("null element", () => AbortSignal.any([null]));
    check("controller element", () => AbortSignal.any([new AbortController()]));
    check("string", () => AbortSignal.any("ab"));
    return done();
  },
};

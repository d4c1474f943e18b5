export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("Float32Array", () => crypto.getRandomValues(new Float32Array(4)));
    check("Float64Array", () => crypto.getRandomValues(new Float64Array(4)));
    check("DataView", () => crypto.getRandomValues(new DataView(new ArrayBuffer(4))));
    check("ArrayBuffer", () => crypto.getRandomValues(new ArrayBuffer(4)));
    check("plain array", () => crypto.getRandomValues([1, 2, 3]));
    check("null", () => crypto.getRandomValues(null));
    check("no args", () => crypto.getRandomValues());
    check("string", () => crypto.getRandomValues("abc"));
    return done();
  },
};

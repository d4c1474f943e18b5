export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const T of [Int8Array, Uint8ClampedArray, Int16Array, Uint32Array, Float32Array, BigUint64Array]) {
      check(T.name, () => { const src = new T(3); const c = structuredClone(src); return [c.constructor.name, c.length, c !== src]; });
    }
    return done();
  },
};

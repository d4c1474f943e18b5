export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ctors = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
    for (const T of ctors) {
      check(T.name, () => { const a = new T(4); return crypto.getRandomValues(a) === a; });
    }
    return done();
  },
};

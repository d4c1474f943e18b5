// shoal-pending: caches (later milestone)
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const n of ["fetch", "AbortController", "AbortSignal", "ReadableStream", "WritableStream", "TransformStream", "Blob", "FormData", "Event", "EventTarget", "caches"]) {
      check(n, () => typeof globalThis[n]);
    }
    return done();
  },
};

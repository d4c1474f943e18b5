export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const n of ["Request", "Response", "Headers", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "atob", "btoa", "crypto", "console", "structuredClone", "setTimeout", "queueMicrotask", "DOMException", "WebAssembly", "navigator", "self"]) {
      check(n, () => typeof globalThis[n]);
    }
    return done();
  },
};

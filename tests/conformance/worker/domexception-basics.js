export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const d = new DOMException("something failed", "NotFoundError");
    check("name", () => d.name);
    check("message", () => d.message);
    check("code", () => d.code);
    check("instanceof Error", () => d instanceof Error);
    check("instanceof DOMException", () => d instanceof DOMException);
    check("toString", () => String(d));
    check("stack is string", () => typeof d.stack);
    const def = new DOMException();
    check("default name", () => def.name);
    check("default message", () => def.message);
    check("default code", () => def.code);
    check("no new", () => DOMException("x"));
    return done();
  },
};

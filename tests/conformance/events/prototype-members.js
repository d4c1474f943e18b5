export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const has = (proto, names) => names.map((n) => n + "=" + (n in proto)).join(" ");
    check("Event", () => has(Event.prototype, ["type", "target", "currentTarget", "eventPhase", "stopPropagation", "stopImmediatePropagation", "bubbles", "cancelable", "preventDefault", "defaultPrevented", "composed", "isTrusted", "timeStamp", "composedPath", "returnValue", "cancelBubble"]));
    check("EventTarget", () => has(EventTarget.prototype, ["addEventListener", "removeEventListener", "dispatchEvent"]));
    check("AbortSignal", () => has(AbortSignal.prototype, ["aborted", "reason", "throwIfAborted", "onabort", "addEventListener"]));
    check("AbortSignal statics", () => [typeof AbortSignal.abort, typeof AbortSignal.timeout, typeof AbortSignal.any]);
    check("AbortController", () => has(AbortController.prototype, ["signal", "abort"]));
    check("signal instanceof EventTarget", () => new AbortController().signal instanceof EventTarget);
    check("CustomEvent proto chain", () => Object.getPrototypeOf(CustomEvent.prototype) === Event.prototype);
    return done();
  },
};

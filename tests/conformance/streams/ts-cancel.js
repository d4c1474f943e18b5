export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let reason = "none";
    const ts = new TransformStream({ cancel(r) { reason = r; } });
    const writer = ts.writable.getWriter();
    await acheck("readable.cancel", () => ts.readable.cancel("from reader"));
    check("transformer.cancel got", () => reason);
    await acheck("write after cancel", () => writer.write("x"));
    await acheck("writer closed", () => writer.closed);
    let reason2 = "none";
    const ts2 = new TransformStream({ cancel(r) { reason2 = r; } });
    const reader = ts2.readable.getReader();
    await acheck("writable.abort", () => ts2.writable.abort("from writer"));
    check("transformer.cancel got (abort)", () => reason2);
    await acheck("read after abort", () => reader.read());
    // without a cancel method, cancel errors the writable with the reason
    const ts3 = new TransformStream();
    const w3 = ts3.writable.getWriter();
    await ts3.readable.cancel(new EvalError("gone"));
    await acheck("write after plain cancel", () => w3.write(1));
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    let controller;
    const ws = new WritableStream({ start(c) { controller = c; } });
    const writer = ws.getWriter();
    const boom = new TypeError("boom");
    controller.error(boom);
    try { await writer.write("x"); } catch (e) { log("write rejected with the error:", e === boom); }
    try { await writer.closed; } catch (e) { log("closed rejected with the error:", e === boom); }
    check("desiredSize errored", () => writer.desiredSize);
    check("error again is a no-op", () => controller.error(new Error("again")));
    // a sink write that throws errors the stream
    const ws2 = new WritableStream({ write(chunk) { if (chunk === "bad") throw new RangeError("no bad"); } });
    const w2 = ws2.getWriter();
    await acheck("good write", () => w2.write("good"));
    await acheck("bad write", () => w2.write("bad"));
    await acheck("write after bad", () => w2.write("more"));
    // a rejecting start errors the stream
    const ws3 = new WritableStream({ start() { return Promise.reject(new EvalError("start")); }, write() { log("never"); } });
    const w3 = ws3.getWriter();
    await acheck("write after failed start", () => w3.write("x"));
    // a rejecting close
    const ws4 = new WritableStream({ close() { throw new URIError("close"); } });
    const w4 = ws4.getWriter();
    await acheck("failing close", () => w4.close());
    await acheck("closed after failing close", () => w4.closed);
    // controller.error() after close() does nothing
    let c5;
    const ws5 = new WritableStream({ start(c) { c5 = c; } });
    await ws5.close();
    c5.error(new Error("late"));
    await acheck("closed stream stays closed", () => ws5.getWriter().closed);
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    let controller;
    const events = [];
    let releaseWrite;
    const ws = new WritableStream({
      start(c) { controller = c; },
      write(chunk) { events.push("write " + chunk); return new Promise((r) => { releaseWrite = r; }); },
      abort(reason) { events.push("abort " + show(reason) + " signal.aborted=" + controller.signal.aborted); },
    });
    check("signal", () => [controller.signal.constructor.name, controller.signal.aborted]);
    controller.signal.addEventListener("abort", () => events.push("abort event"));
    const writer = ws.getWriter();
    await settle();
    const w1 = writer.write("a");
    const w2 = writer.write("b");
    const reason = new Error("stop");
    const aborted = writer.abort(reason);
    check("signal aborted at once", () => [controller.signal.aborted, controller.signal.reason === reason]);
    releaseWrite();
    await acheck("in-flight write", () => w1);
    try { await w2; } catch (e) { events.push("queued write rejected " + (e === reason)); }
    await acheck("abort()", () => aborted);
    try { await writer.closed; } catch (e) { events.push("closed rejected " + (e === reason)); }
    try { await writer.ready; } catch (e) { events.push("ready rejected " + (e === reason)); }
    check("events", () => events);
    await acheck("write after abort", () => writer.write("c"));
    await acheck("abort again", () => writer.abort("again"));
    // abort without a writer; a sink whose abort rejects
    const ws2 = new WritableStream({ abort() { return Promise.reject(new SyntaxError("sink")); } });
    await acheck("abort rejecting sink", () => ws2.abort("r"));
    await acheck("abort a closed stream", async () => { const s = new WritableStream(); await s.close(); return s.abort("late"); });
    // abort while closing: close finishes, the abort promise resolves
    let releaseClose;
    const ws3 = new WritableStream({ close() { return new Promise((r) => { releaseClose = r; }); } });
    const w3 = ws3.getWriter();
    await settle();
    const closing = w3.close();
    const ab = w3.abort("late abort");
    releaseClose();
    await acheck("close during abort", () => closing);
    await acheck("abort during close", () => ab);
    return done();
  },
};

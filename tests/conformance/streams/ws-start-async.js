export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const events = [];
    let finishStart;
    const ws = new WritableStream({
      start() { events.push("start"); return new Promise((r) => { finishStart = r; }); },
      write(chunk) { events.push("write " + chunk); },
      close() { events.push("close"); },
    });
    const writer = ws.getWriter();
    const p = [writer.write("a"), writer.write("b"), writer.close()];
    await new Promise((r) => setTimeout(r, 2));
    events.push("start done");
    finishStart();
    await Promise.all(p);
    check("events", () => events);
    // the write callback gets the controller
    let got;
    const ws2 = new WritableStream({ write(chunk, c) { got = c; } });
    await ws2.getWriter().write(1);
    check("write controller", () => [got.constructor.name, typeof got.error, got.signal.aborted]);
    return done();
  },
};

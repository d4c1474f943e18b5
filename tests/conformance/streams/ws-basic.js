export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const events = [];
    const sink = {
      start(c) { events.push("start " + (this === sink) + " " + c.constructor.name); },
      write(chunk, c) { events.push("write " + show(chunk) + " " + (this === sink)); },
      close() { events.push("close " + (this === sink)); },
      abort(r) { events.push("abort " + show(r)); },
    };
    const ws = new WritableStream(sink);
    check("locked", () => ws.locked);
    const writer = ws.getWriter();
    check("writer", () => writer.constructor.name);
    check("locked with writer", () => ws.locked);
    check("desiredSize", () => writer.desiredSize);
    await acheck("ready", () => writer.ready);
    await acheck("write 1", () => writer.write("one"));
    await acheck("write 2", () => writer.write({ two: 2 }));
    await acheck("close", () => writer.close());
    await acheck("closed", () => writer.closed);
    check("desiredSize after close", () => writer.desiredSize);
    check("events", () => events);
    // writes are queued and reach the sink one at a time, in order
    const order = [];
    const ws2 = new WritableStream({
      write(chunk) { order.push("start " + chunk); return new Promise((r) => setTimeout(() => { order.push("end " + chunk); r(); }, 1)); },
    });
    const w2 = ws2.getWriter();
    const ps = [w2.write("a"), w2.write("b"), w2.write("c"), w2.close()];
    await Promise.all(ps);
    check("sequential writes", () => order);
    // no sink: writes succeed and vanish
    const w3 = new WritableStream().getWriter();
    await acheck("no-sink write", () => w3.write("x"));
    await acheck("no-sink close", () => w3.close());
    // WritableStream.close() without a writer
    const ws4 = new WritableStream({ close() { log("ws4 closed"); } });
    await acheck("stream close", () => ws4.close());
    return done();
  },
};

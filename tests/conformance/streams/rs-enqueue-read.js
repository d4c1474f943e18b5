export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rs = new ReadableStream({
      start(c) { c.enqueue("a"); c.enqueue(1); c.enqueue({ x: 1 }); c.enqueue(undefined); c.close(); },
    });
    const reader = rs.getReader();
    check("reader class", () => reader.constructor.name);
    for (let i = 0; i < 6; i++) {
      const r = await reader.read();
      log("read " + i + ":", show(r.value), show(r.done));
    }
    await acheck("closed", () => reader.closed);
    // reads queued before chunks arrive are fulfilled in order
    let ctrl;
    const rs2 = new ReadableStream({ start(c) { ctrl = c; } });
    const r2 = rs2.getReader();
    const p1 = r2.read(), p2 = r2.read(), p3 = r2.read();
    ctrl.enqueue("x"); ctrl.enqueue("y"); ctrl.close();
    const rd = (r) => [r.value, r.done];
    log("pending reads:", show(rd(await p1)), show(rd(await p2)), show(rd(await p3)));
    const obj = {};
    const rs3 = new ReadableStream({ start(c) { c.enqueue(obj); } });
    const got = (await rs3.getReader().read()).value;
    check("chunk identity", () => got === obj);
    return done();
  },
};

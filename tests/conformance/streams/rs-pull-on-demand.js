export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const tick = async (n = 5) => { for (let i = 0; i < n; i++) await null; };
    let pulls = 0;
    const rs = new ReadableStream({
      pull(c) { pulls++; c.enqueue(pulls); if (pulls === 4) c.close(); },
    });
    await tick();
    check("pulls after start (hwm 1)", () => pulls);
    const reader = rs.getReader();
    const seen = [];
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      seen.push(r.value);
    }
    check("chunks", () => seen);
    check("pulls", () => pulls);
    let pulls0 = 0;
    const rs0 = new ReadableStream({ pull(c) { pulls0++; c.enqueue("z"); } }, { highWaterMark: 0 });
    await tick();
    check("pulls after start (hwm 0)", () => pulls0);
    const r0 = rs0.getReader();
    await r0.read();
    await tick();
    check("pulls after one read (hwm 0)", () => pulls0);
    let pulls3 = 0;
    new ReadableStream({ pull(c) { pulls3++; c.enqueue("z"); } }, { highWaterMark: 3 });
    await tick(20);
    check("pulls to fill hwm 3", () => pulls3);
    // a pull that returns a promise is not called again until it settles
    let pullsP = 0; let release;
    const rsP = new ReadableStream({ pull(c) { pullsP++; c.enqueue(pullsP); return new Promise((r) => { release = r; }); } }, { highWaterMark: 5 });
    await tick(10);
    check("pulls while first pending", () => pullsP);
    release(); await tick(10);
    check("pulls after release", () => pullsP);
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    let pulls = 0;
    const rs = new ReadableStream({
      type: "bytes",
      pull(c) {
        pulls++;
        if (pulls <= 4) c.enqueue(new Uint8Array([pulls, pulls]));
        else { c.close(); c.byobRequest.respond(0); }
      },
    });
    const reader = rs.getReader({ mode: "byob" });
    const a = await reader.read(new Uint8Array(8), { min: 5 });
    check("min 5", () => [Array.from(a.value), a.done]);
    const b = await reader.read(new Uint8Array(8), { min: 1 });
    check("min 1", () => [Array.from(b.value), b.done]);
    const c = await reader.read(new Uint8Array(8));
    check("at end", () => [c.value.byteLength, c.done]);
    const rs2 = new ReadableStream({ type: "bytes" });
    const r2 = rs2.getReader({ mode: "byob" });
    await acheck("min 0", () => r2.read(new Uint8Array(4), { min: 0 }));
    await acheck("min as string", async () => { const p = r2.read(new Uint8Array(2), { min: "2" }); r2.releaseLock(); try { await p; } catch (e) { return e.name; } });
    return done();
  },
};

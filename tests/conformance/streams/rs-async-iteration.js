export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const settle = () => new Promise((r) => setTimeout(r, 1));
    const rd = async (p) => { const r = await p; return [r.value, r.done]; };
    const make = (log2) => new ReadableStream({
      start(c) { c.enqueue(1); c.enqueue(2); c.enqueue(3); c.close(); },
      cancel(r) { log2.push("cancel " + show(r)); },
    });
    const all = [];
    for await (const x of make([])) all.push(x);
    check("for await", () => all);
    const events = [];
    // (no close: workerd skips the source's cancel once close() was called)
    const rs = new ReadableStream({
      start(c) { c.enqueue(1); c.enqueue(2); c.enqueue(3); },
      cancel(r) { events.push("cancel " + show(r)); },
    });
    for await (const x of rs) { events.push("got " + x); if (x === 2) break; }
    await settle();
    check("break cancels", () => events);
    check("locked after break", () => rs.locked);
    const ev2 = [];
    const rs2 = make(ev2);
    for await (const x of rs2.values({ preventCancel: true })) { ev2.push("got " + x); break; }
    check("preventCancel events", () => ev2);
    check("locked after preventCancel break", () => rs2.locked);
    await acheck("rest readable", async () => (await rs2.getReader().read()).value);
    const it = make([]).values();
    check("next is function", () => typeof it.next);
    check("return is function", () => typeof it.return);
    check("iterator is async iterable", () => it[Symbol.asyncIterator]() === it);
    await acheck("next 1", () => rd(it.next()));
    await acheck("return", () => rd(it.return("r")));
    await acheck("next after return", () => rd(it.next()));
    await acheck("return after return", () => rd(it.return("again")));
    const it2 = make([])[Symbol.asyncIterator]();
    const ps = [it2.next(), it2.next(), it2.next(), it2.next(), it2.next()].map(rd);
    log("concurrent nexts:", show(await Promise.all(ps)));
    return done();
  },
};

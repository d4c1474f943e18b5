export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rd = async (p) => { const r = await p; return [r.value, r.done]; };
    const boom = new Error("boom");
    let c;
    const rs = new ReadableStream({ start(x) { c = x; x.enqueue("a"); } });
    const seen = [];
    try {
      for await (const x of rs) { seen.push(x); c.error(boom); }
    } catch (e) { seen.push("threw " + (e === boom)); }
    check("errored iteration", () => seen);
    const it = new ReadableStream({ start(x) { x.error(new URIError("bad")); } }).values();
    await acheck("next on errored", () => it.next());
    // return() while a next() is pending waits for it
    let ctrl;
    const it3 = new ReadableStream({ start(x) { ctrl = x; }, cancel(r) { log("cancel", show(r)); } }).values();
    const n = it3.next();
    const r = it3.return("stop");
    ctrl.enqueue("late");
    log("pending next:", show(await rd(n)));
    log("return:", show(await rd(r)));
    // an exception thrown in the loop body cancels with undefined
    const ev = [];
    const rs4 = new ReadableStream({ start(x) { x.enqueue(1); }, cancel(r) { ev.push("cancel " + show(r)); } });
    try { for await (const x of rs4) throw new RangeError("inside"); } catch (e) { ev.push(e.name); }
    check("throw in body", () => ev);
    return done();
  },
};

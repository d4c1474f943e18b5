// Streams keep working when worker code replaces the Promise methods and typed-array methods
// they use (workerd's pipeTo calls the replaced Promise.prototype.then: NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const saved = {
      then: Promise.prototype.then, resolve: Promise.resolve, reject: Promise.reject,
      set: Uint8Array.prototype.set,
    };
    const trap = (name) => function () { throw new Error(name + " was used"); };
    Promise.prototype.then = trap("then");
    Promise.resolve = trap("resolve");
    Promise.reject = trap("reject");
    Uint8Array.prototype.set = trap("set");
    const results = [];
    try {
      const enc = new TextEncoder();
      const rs = new ReadableStream({ pull(c) { c.enqueue("x"); c.close(); } });
      const r = await rs.getReader().read();
      results.push("read " + r.value);
      const branches = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).tee();
      const b0 = await branches[0].getReader().read();
      results.push("tee " + b0.value);
      const chunks = [];
      await new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } })
        .pipeThrough(new TransformStream())
        .pipeTo(new WritableStream({ write(c) { chunks.push(c); } }));
      results.push("piped " + chunks.join(""));
      results.push("body " + await new Response(new ReadableStream({ start(c) { c.enqueue(enc.encode("by")); c.enqueue(enc.encode("tes")); c.close(); } })).text());
      const bytes = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
      const v = await bytes.getReader({ mode: "byob" }).read(new Uint8Array(2));
      results.push("byob " + v.value[0] + v.value[1]);
      const d = new TextDecoderStream();
      const w = d.writable.getWriter();
      w.write(enc.encode("dec"));
      results.push("decoded " + (await d.readable.getReader().read()).value);
    } catch (e) {
      results.push("threw " + e.message);
    }
    Promise.prototype.then = saved.then;
    Promise.resolve = saved.resolve;
    Promise.reject = saved.reject;
    Uint8Array.prototype.set = saved.set;
    check("results", () => results);
    return done();
  },
};

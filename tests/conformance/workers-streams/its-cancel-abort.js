// Errors cross an IdentityTransformStream both ways: canceling the readable side fails the
// write being read and the writer; aborting the writable side fails the reader.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const outcome = async (p) => { try { await p; return "resolved"; } catch (e) { return "rejected " + e.name + ": " + e.message; } };
    {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      const pending = w.write(new Uint8Array([1, 2]));
      await r.cancel(new Error("reader gone"));
      log("cancel, the pending write:", await outcome(pending));
      log("cancel, writer.closed:", await outcome(w.closed));
    }
    {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      await t.readable.cancel(new Error("nobody reads"));
      log("cancel first, then write:", await outcome(w.write(new Uint8Array([1]))));
      log("cancel first, writer.closed:", await outcome(w.closed));
      check("cancel first, desiredSize", () => w.desiredSize);
    }
    {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      const reading = r.read();
      log("abort:", await outcome(w.abort(new RangeError("stop"))));
      log("abort, the pending read:", await outcome(reading));
      log("abort, reader.closed:", await outcome(r.closed));
    }
    {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      const pending = w.write(new Uint8Array([1]));
      log("abort with a write nobody reads:", await outcome(w.abort(new Error("give up"))));
      log("that write:", await outcome(pending));
    }
    {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      await w.close();
      await acheck("write after close", () => w.write(new Uint8Array([1])));
      await acheck("reader after close", async () => (await t.readable.getReader().read()).done);
    }
    return done();
  },
};

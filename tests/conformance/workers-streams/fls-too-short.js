// A FixedLengthStream closed before its length was written: close() succeeds, and readers get
// a TypeError instead of the end.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const outcome = async (p) => { try { await p; return "resolved"; } catch (e) { return "rejected " + e.name; } };
    {
      const t = new FixedLengthStream(5);
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      w.write(new Uint8Array([1, 2, 3]));
      const a = await r.read();
      check("the bytes written", () => Array.from(a.value));
      log("close:", await outcome(w.close()));
      log("writer.closed:", await outcome(w.closed));
      log("the next read:", await outcome(r.read()));
      log("reader.closed:", await outcome(r.closed));
    }
    {
      const t = new FixedLengthStream(5);
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      const reading = r.read();  // waiting when close() comes
      log("close with a read waiting:", await outcome(w.close()));
      log("that read:", await outcome(reading));
    }
    {
      const t = new FixedLengthStream(3);
      const w = t.writable.getWriter();
      w.write(new Uint8Array([1]));
      w.close();
      await acheck("as a body, text()", () => new Response(t.readable).text());
    }
    {
      const t = new FixedLengthStream(4);
      const piped = new Response("abc").body.pipeTo(t.writable);
      await acheck("piped a shorter body, text()", () => new Response(t.readable).text());
      log("that pipeTo:", await outcome(piped));
    }
    return done();
  },
};

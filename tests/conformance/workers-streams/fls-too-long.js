// A FixedLengthStream given more bytes than its length: the read that would pass the length
// fails with a TypeError, and so does the stream from then on.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const outcome = async (p) => { try { await p; return "resolved"; } catch (e) { return "rejected " + e.name; } };
    {
      const t = new FixedLengthStream(5);
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      const write = w.write(new Uint8Array(6));
      log("one write of 6 into 5, the read:", await outcome(r.read()));
      log("that write:", await outcome(write));
      log("the next write:", await outcome(w.write(new Uint8Array(1))));
      log("close:", await outcome(w.close()));
      log("reader.closed:", await outcome(r.closed));
    }
    {
      const t = new FixedLengthStream(5);
      const w = t.writable.getWriter();
      const r = t.readable.getReader();
      const first = w.write(new Uint8Array([1, 2, 3]));
      const second = w.write(new Uint8Array([4, 5, 6]));
      const got = [];
      let ending;
      try {
        for (;;) { const { value, done } = await r.read(); if (done) break; got.push(Array.from(value)); }
        ending = "done";
      } catch (e) { ending = "threw " + e.name; }
      check("3 + 3 into 5, chunks read", () => got);
      check("3 + 3 into 5, then", () => ending);
      log("first write:", await outcome(first));
      log("second write:", await outcome(second));
    }
    {
      // BYOB reads of 3 bytes: the first takes 3 of the 5, the second would pass the length.
      const t = new FixedLengthStream(5);
      const w = t.writable.getWriter();
      const r = t.readable.getReader({ mode: "byob" });
      const write = w.write(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
      const a = await r.read(new Uint8Array(3));
      check("byob first", () => Array.from(a.value));
      log("byob second:", await outcome(r.read(new Uint8Array(3))));
      log("byob, that write:", await outcome(write));
    }
    {
      const t = new FixedLengthStream(2);
      const piped = new Response("abc").body.pipeTo(t.writable);
      await acheck("piped a longer body, text()", () => new Response(t.readable).text());
      log("that pipeTo:", await outcome(piped));
    }
    return done();
  },
};

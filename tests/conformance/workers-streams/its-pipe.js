// Piping into and out of an IdentityTransformStream: bodies, JavaScript streams (bytes and
// strings), TextDecoderStream, async iteration and tee.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    {
      const t = new IdentityTransformStream();
      const piped = new Response("hello world").body.pipeTo(t.writable);
      await acheck("a body piped through", () => new Response(t.readable).text());
      await acheck("pipeTo", async () => { await piped; return "resolved"; });
    }
    {
      const rs = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.enqueue(" there"); c.close(); } });
      await acheck("pipeThrough", () => new Response(rs.pipeThrough(new IdentityTransformStream())).text());
    }
    {
      const rs = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.enqueue(5); c.close(); } });
      const t = new IdentityTransformStream();
      const piped = rs.pipeTo(t.writable);
      await acheck("a pipe that gives a number: the reader", () => new Response(t.readable).text());
      await acheck("a pipe that gives a number: pipeTo", async () => { await piped; return "resolved"; });
    }
    {
      const t = new IdentityTransformStream();
      const text = t.readable.pipeThrough(new TextDecoderStream());
      const w = t.writable.getWriter();
      const bytes = new TextEncoder().encode("héllo");
      w.write(bytes.subarray(0, 2));
      w.write(bytes.subarray(2));
      w.close();
      let s = "";
      for await (const part of text) s += part;
      check("into TextDecoderStream", () => s);
    }
    {
      const t = new IdentityTransformStream();
      const w = t.writable.getWriter();
      w.write(new Uint8Array([1]));
      w.write(new Uint8Array([2, 3]));
      w.close();
      const got = [];
      for await (const chunk of t.readable) got.push(chunk.constructor.name + "[" + Array.from(chunk) + "]");
      check("async iteration", () => got);
    }
    {
      const t = new IdentityTransformStream();
      const [a, b] = t.readable.tee();
      const w = t.writable.getWriter();
      w.write(new Uint8Array([1, 2]));
      w.close();
      const [x, y] = await Promise.all([new Response(a).arrayBuffer(), new Response(b).arrayBuffer()]);
      check("tee", () => [Array.from(new Uint8Array(x)), Array.from(new Uint8Array(y))]);
    }
    return done();
  },
};

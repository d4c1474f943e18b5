// expectedLength (Workers' extension to ReadableStream's underlying source and to
// TransformStream's transformer) converts as FixedLengthStream's length does.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const [label, value] of [["5", 5], ["\"5\"", "5"], ["5n", 5n], ["0", 0], ["1.5", 1.5], ["-1", -1], ["\"x\"", "x"], ["NaN", NaN], ["Infinity", Infinity]]) {
      check("ReadableStream " + label, () => new ReadableStream({ expectedLength: value }) instanceof ReadableStream);
      check("byte ReadableStream " + label, () => new ReadableStream({ type: "bytes", expectedLength: value }) instanceof ReadableStream);
      check("TransformStream " + label, () => new TransformStream({ expectedLength: value }) instanceof TransformStream);
    }
    const t = new TransformStream({ expectedLength: 3 });
    const w = t.writable.getWriter();
    w.write(new Uint8Array([1, 2, 3, 4, 5]));
    w.close();
    // Not enforced: it only sets the Content-Length of a body made of the stream.
    await acheck("more bytes than expectedLength", async () => (await new Response(t.readable).arrayBuffer()).byteLength);
    return done();
  },
};

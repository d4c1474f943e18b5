export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("number source", () => new ReadableStream(1));
    check("string source", () => new ReadableStream("abc"));
    check("type foo", () => new ReadableStream({ type: "foo" }));
    check("start not callable", () => new ReadableStream({ start: 1 }));
    check("pull not callable", () => new ReadableStream({ pull: {} }));
    check("cancel not callable", () => new ReadableStream({ cancel: "x" }));
    check("size not callable", () => new ReadableStream({}, { size: 1 }));
    check("autoAllocateChunkSize 0", () => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }));
    check("autoAllocateChunkSize -1", () => new ReadableStream({ type: "bytes", autoAllocateChunkSize: -1 }));
    check("strategy number", () => new ReadableStream({}, 5));
    check("hwm string converts", () => new ReadableStream({ start(c) { log("desired", c.desiredSize); } }, { highWaterMark: "3" }).locked);
    return done();
  },
};

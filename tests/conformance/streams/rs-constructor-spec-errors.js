// Where workerd departs from the Streams Standard's constructor checks (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("null source", () => new ReadableStream(null));
    check("hwm -1", () => new ReadableStream({}, { highWaterMark: -1 }));
    check("hwm NaN", () => new ReadableStream({}, { highWaterMark: NaN }));
    check("hwm Infinity", () => new ReadableStream({ start(c) { log("desiredSize", c.desiredSize); } }, { highWaterMark: Infinity }).locked);
    check("type empty string", () => new ReadableStream({ type: "" }));
    check("start throws", () => new ReadableStream({ start() { throw new RangeError("boom"); } }));
    check("byte stream with size", () => new ReadableStream({ type: "bytes" }, { size() { return 1; } }));
    check("null sink", () => new WritableStream(null));
    check("sink type", () => new WritableStream({ type: "bytes" }));
    check("ws hwm -1", () => new WritableStream({}, { highWaterMark: -1 }));
    check("null transformer", () => new TransformStream(null));
    check("readableType", () => new TransformStream({ readableType: "bytes" }));
    check("writableType", () => new TransformStream({ writableType: "bytes" }));
    check("ByteLengthQueuingStrategy({})", () => new ByteLengthQueuingStrategy({}));
    check("CountQueuingStrategy({})", () => new CountQueuingStrategy({}));
    return done();
  },
};

// Web IDL on the stream classes: Symbol.toStringTag names the interface and @@asyncIterator is
// `values`; workerd has neither (NOTES.md, oddities 7 and 8).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const tag = (v) => Object.prototype.toString.call(v);
    const rs = new ReadableStream();
    check("ReadableStream", () => tag(rs));
    check("reader", () => tag(rs.getReader()));
    check("WritableStream", () => tag(new WritableStream()));
    check("TransformStream", () => tag(new TransformStream()));
    check("CountQueuingStrategy", () => tag(new CountQueuingStrategy({ highWaterMark: 1 })));
    check("TextDecoderStream", () => tag(new TextDecoderStream()));
    check("@@asyncIterator is values", () => ReadableStream.prototype[Symbol.asyncIterator] === ReadableStream.prototype.values);
    return done();
  },
};

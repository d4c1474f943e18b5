// The Streams Standard's queuing strategies: one size function per class, named "size", and a
// required highWaterMark; workerd makes a new anonymous function each time (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const a = new ByteLengthQueuingStrategy({ highWaterMark: 1 });
    const b = new ByteLengthQueuingStrategy({ highWaterMark: 2 });
    check("byte size shared", () => a.size === b.size);
    check("byte size name/length", () => [a.size.name, a.size.length]);
    const c = new CountQueuingStrategy({ highWaterMark: 1 });
    check("count size shared", () => c.size === new CountQueuingStrategy({ highWaterMark: 3 }).size);
    check("count size name/length", () => [c.size.name, c.size.length]);
    check("missing highWaterMark", () => new CountQueuingStrategy({}));
    return done();
  },
};

// Canceling both branches of a tee cancels the source with [reason1, reason2], as the Streams
// Standard says; workerd passes only the last reason (NOTES.md).
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const type of [undefined, "bytes"]) {
      let reason = "not canceled";
      const rs = new ReadableStream({ type, cancel(r) { reason = r; } });
      const [a, b] = rs.tee();
      const p = a.cancel("one");
      check(`${type ?? "default"}: after one cancel`, () => reason);
      await Promise.all([p, b.cancel("two")]);
      check(`${type ?? "default"}: after both`, () => reason);
    }
    return done();
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const calls = [];
    const source = {
      start(c) { calls.push("start " + (this === source) + " " + c.constructor.name); },
      pull(c) { calls.push("pull " + (this === source) + " " + c.desiredSize); },
      cancel(r) { calls.push("cancel " + (this === source) + " " + r); },
    };
    const rs = new ReadableStream(source);
    check("calls after construct", () => calls.slice());
    check("locked", () => rs.locked);
    check("instanceof", () => rs instanceof ReadableStream);
    await null; await null;
    check("calls after start", () => calls.slice());
    await rs.cancel("bye");
    check("calls after cancel", () => calls.slice());
    check("no-arg stream locked", () => new ReadableStream().locked);
    check("undefined source", () => new ReadableStream(undefined).locked);
    check("empty strategy", () => new ReadableStream({}, {}).locked);
    check("function source", () => { const f = function () {}; f.start = (c) => c.close(); return new ReadableStream(f).locked; });
    return done();
  },
};

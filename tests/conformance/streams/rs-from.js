export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const collect = async (rs) => { const out = []; for await (const x of rs) out.push(x); return out; };
    await acheck("array", () => collect(ReadableStream.from([1, "two", null])));
    await acheck("array of promises", () => collect(ReadableStream.from([Promise.resolve("p"), 2])));
    await acheck("async generator", () => collect(ReadableStream.from((async function* () { yield "a"; await null; yield "b"; })())));
    await acheck("generator", () => collect(ReadableStream.from((function* () { yield 1; yield 2; })())));
    await acheck("Set", () => collect(ReadableStream.from(new Set(["x", "y"]))));
    await acheck("string", () => collect(ReadableStream.from("hi")));
    check("instanceof", () => ReadableStream.from([]) instanceof ReadableStream);
    check("number", () => ReadableStream.from(5));
    check("null", () => ReadableStream.from(null));
    check("plain object", () => ReadableStream.from({}));
    check("no argument", () => ReadableStream.from());
    // cancel calls the iterator's return
    const events = [];
    const gen = (async function* () { try { yield 1; yield 2; } finally { events.push("finally"); } })();
    const rs = ReadableStream.from(gen);
    const reader = rs.getReader();
    await reader.read();
    await reader.cancel("stop");
    check("cancel ran finally", () => events);
    // a throwing generator errors the stream
    const bad = ReadableStream.from((async function* () { yield 1; throw new SyntaxError("gen"); })());
    await acheck("throwing generator", () => collect(bad));
    // next() returning a non-object errors the stream
    const weird = ReadableStream.from({ [Symbol.asyncIterator]() { return { next() { return 42; } }; } });
    await acheck("non-object result", () => weird.getReader().read());
    // pulled lazily: nothing is read before the first read()
    let pulled = 0;
    const lazy = ReadableStream.from({ [Symbol.iterator]() { return { next() { pulled++; return pulled > 3 ? { done: true } : { value: pulled, done: false }; } }; } });
    await null; await null;
    check("pulled before read", () => pulled);
    await acheck("lazy", () => collect(lazy));
    return done();
  },
};

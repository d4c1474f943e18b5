// Where workerd's read results depart from the Streams Standard (NOTES.md): a finished read
// or iteration result has no `value` key, and iteration results are { done, value }.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.close(); } });
    const reader = rs.getReader();
    await acheck("read chunk", () => reader.read());
    await acheck("read done", () => reader.read());
    const it = new ReadableStream({ start(c) { c.enqueue("b"); c.close(); } }).values();
    await acheck("next chunk", () => it.next());
    await acheck("next done", () => it.next());
    await acheck("return", () => it.return("r"));
    const byob = new ReadableStream({ type: "bytes", start(c) { c.close(); } }).getReader({ mode: "byob" });
    const r = await byob.read(new Uint8Array(2));
    check("byob done keys", () => Object.keys(r));
    return done();
  },
};

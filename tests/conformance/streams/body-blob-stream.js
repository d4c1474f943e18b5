export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const blob = new Blob(["blob ", "bytes"]);
    const s1 = blob.stream();
    check("a new stream each time", () => s1 !== blob.stream());
    const reader = s1.getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(4));
    check("byob read", () => new TextDecoder().decode(first.value));
    reader.releaseLock();
    await acheck("rest as a body", () => new Response(s1).text());
    const [a, b] = blob.stream().tee();
    await acheck("tee", async () => [await new Response(a).text(), await new Response(b).text()]);
    const chunks = [];
    for await (const c of new Blob(["x"]).stream()) chunks.push(c.constructor.name + ":" + c.length);
    check("iteration", () => chunks);
    await acheck("empty blob", async () => (await new Blob([]).stream().getReader().read()).done);
    await acheck("sliced", () => new Response(blob.slice(2, 7).stream()).text());
    // the Blob's bytes are copied: changing a read chunk does not change the Blob
    const c = (await blob.stream().getReader().read()).value;
    c.fill(0);
    await acheck("blob unchanged", () => blob.text());
    return done();
  },
};

// request: POST /upload
// header: content-type: text/plain
// body: hello incoming body
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("body is a ReadableStream", () => request.body instanceof ReadableStream);
    check("same object", () => request.body === request.body);
    const reader = request.body.getReader({ mode: "byob" });
    const parts = [];
    for (;;) {
      const { value, done } = await reader.read(new Uint8Array(6));
      if (done) break;
      parts.push(new TextDecoder().decode(value));
    }
    check("byob reads", () => parts);
    check("bodyUsed", () => request.bodyUsed);
    await acheck("text after", () => request.text());
    return done();
  },
};

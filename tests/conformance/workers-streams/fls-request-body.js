// request: POST /
// body: hello request body
// The incoming request body piped through a FixedLengthStream of its length, and of a wrong
// length; a Request whose body is an IdentityTransformStream.
export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const [a, b] = request.body.tee();
    const exact = new FixedLengthStream(18);
    const piped = a.pipeTo(exact.writable);
    await acheck("through FixedLengthStream(18)", () => new Response(exact.readable).text());
    await acheck("that pipeTo", async () => { await piped; return "resolved"; });
    const short = new FixedLengthStream(10);
    b.pipeTo(short.writable).catch(() => {});
    await acheck("through FixedLengthStream(10)", () => new Response(short.readable).text());

    const t = new IdentityTransformStream();
    const req = new Request("http://example.com/upload", { method: "POST", body: t.readable });
    const w = t.writable.getWriter();
    w.write(new TextEncoder().encode("uploaded"));
    w.close();
    check("request content-length header", () => req.headers.get("content-length"));
    await acheck("request text()", () => req.text());

    const f = new FixedLengthStream(3);
    const req2 = new Request("http://example.com/upload", { method: "PUT", body: f.readable });
    check("fixed-length request content-length header", () => req2.headers.get("content-length"));
    const w2 = f.writable.getWriter();
    w2.write(new Uint8Array([1, 2, 3]));
    w2.close();
    await acheck("fixed-length request arrayBuffer()", async () => Array.from(new Uint8Array(await req2.arrayBuffer())));
    return done();
  },
};

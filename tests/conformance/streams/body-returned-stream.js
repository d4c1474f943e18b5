export default {
  async fetch(request, env, ctx) {
    const enc = new TextEncoder();
    let i = 0;
    const body = new ReadableStream({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 1));
        i++;
        if (i > 3) { c.close(); return; }
        c.enqueue(enc.encode("part " + i + "\n"));
      },
    });
    return new Response(body.pipeThrough(new TransformStream()), { headers: { "content-type": "text/plain" } });
  },
};

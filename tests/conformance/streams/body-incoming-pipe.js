// request: POST /echo
// body: echo me back
export default {
  async fetch(request, env, ctx) {
    const upper = new TransformStream({
      transform(chunk, c) { c.enqueue(new TextEncoder().encode(new TextDecoder().decode(chunk).toUpperCase())); },
    });
    return new Response(request.body.pipeThrough(upper));
  },
};

export default {
  async fetch(...args) {
    const [request, env, ctx] = args;
    return new Response([
      "count: " + args.length,
      "request is Request: " + (request instanceof Request),
      "env typeof: " + typeof env,
      "ctx typeof: " + typeof ctx,
    ].join("\n"));
  },
};

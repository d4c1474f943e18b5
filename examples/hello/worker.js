export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    console.log(`hello from ${url.pathname}`);
    return new Response(`Hello from shoal! You asked for ${url.pathname}\n`);
  },
};

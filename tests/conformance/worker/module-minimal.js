export default {
  async fetch(request, env, ctx) {
    return new Response("hello from module worker");
  },
};

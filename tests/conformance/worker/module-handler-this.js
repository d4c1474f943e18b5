export default {
  greeting: "hi",
  async fetch(request, env, ctx) {
    return new Response(JSON.stringify({ thisIsHandler: this && this.greeting === "hi", args: arguments.length }));
  },
};

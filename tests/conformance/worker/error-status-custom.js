export default {
  async fetch(request) {
    try {
      JSON.parse("{bad");
    } catch (e) {
      return new Response(e.name, { status: 400 });
    }
    return new Response("unreachable");
  },
};

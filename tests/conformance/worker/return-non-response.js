export default {
  async fetch(request) {
    return "just a string";
  },
};

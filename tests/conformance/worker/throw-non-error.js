export default {
  async fetch(request) {
    throw "a string";
  },
};

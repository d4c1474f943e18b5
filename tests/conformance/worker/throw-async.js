export default {
  async fetch(request) {
    await null;
    throw new TypeError("async failure");
  },
};

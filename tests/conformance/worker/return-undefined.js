export default {
  async fetch(request) {},
};

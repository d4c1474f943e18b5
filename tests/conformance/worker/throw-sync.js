export default {
  fetch(request) {
    throw new Error("sync failure");
  },
};

export default {
  fetch(request) {
    return new Promise((resolve, reject) => setTimeout(() => reject(new RangeError("late")), 5));
  },
};

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const ticks = [];
    await new Promise((resolve) => {
      let n = 0;
      const id = setInterval((tag) => {
        ticks.push(tag + (++n));
        if (n === 3) { clearInterval(id); setTimeout(resolve, 30); }
      }, 5, "t");
    });
    check("ticks", () => ticks);
    return done();
  },
};

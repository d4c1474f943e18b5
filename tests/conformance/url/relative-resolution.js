export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const inputs = [
      "g",
      "./g",
      "g/",
      "/g",
      "//g",
      "?y",
      "g?y",
      "#s",
      "g#s",
      ";x",
      "",
      ".",
      "./",
      "..",
      "../",
      "../g",
      "../..",
      "../../g",
      "../../../g",
      "/./g",
      "g.",
      ".g",
      "g..",
      "..g",
      "./../g",
      "g/./h",
      "g/../h"
    ];
    for (const input of inputs) {
      check(JSON.stringify(input), () => new URL(input, "http://a/b/c/d;p?q").href);
    }
    return done();
  },
};

const startedAt = typeof Date.now();
const table = new Map([["a", 1]]);
let counterType = typeof globalThis.setTimeout;
export default {
  async fetch(request) {
    return new Response([startedAt, table.get("a"), counterType].join("\n"));
  },
};

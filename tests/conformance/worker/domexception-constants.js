export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    for (const k of ["INDEX_SIZE_ERR", "NOT_FOUND_ERR", "NOT_SUPPORTED_ERR", "INVALID_STATE_ERR", "SYNTAX_ERR", "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR", "DATA_CLONE_ERR"]) {
      check(k, () => [DOMException[k], new DOMException()[k]]);
    }
    return done();
  },
};

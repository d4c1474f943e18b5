const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const data = new TextEncoder().encode("The quick brown fox jumps over the lazy dog");
    for (const name of ["SHA-1", "sha-256", "Sha-384", "SHA-512"]) {
      log(name + ":", hex(await crypto.subtle.digest(name, data)));
    }
    const big = new Uint8Array(1 << 20).fill(97);
    log("1MiB:", hex(await crypto.subtle.digest("SHA-256", big)));
    const view = new DataView(data.buffer, 4, 5);
    log("DataView:", hex(await crypto.subtle.digest("SHA-256", view)));
    log("ArrayBuffer:", hex(await crypto.subtle.digest("SHA-256", data.buffer)));
    log("is ArrayBuffer:", (await crypto.subtle.digest("SHA-1", data)) instanceof ArrayBuffer);
    return done();
  },
};

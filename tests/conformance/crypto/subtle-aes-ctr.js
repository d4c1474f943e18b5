const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const s = crypto.subtle;
    // NIST SP 800-38A F.5.1 (CTR-AES128), all four blocks.
    const key = await s.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CTR", true, ["encrypt", "decrypt"]);
    check("algorithm", () => key.algorithm);
    const counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const plain = unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    const c = await s.encrypt({ name: "AES-CTR", counter, length: 64 }, key, plain);
    log("nist:", hex(c));
    log("open:", hex(await s.decrypt({ name: "AES-CTR", counter, length: 64 }, key, c)) === hex(plain));
    log("partial block:", hex(await s.encrypt({ name: "AES-CTR", counter, length: 128 }, key, plain.slice(0, 20))));
    // The low 8 bits of the counter are 0xff: the second block wraps them to 0x00.
    log("wrap 8:", hex(await s.encrypt({ name: "AES-CTR", counter, length: 8 }, key, plain)));
    log("wrap 4:", hex(await s.encrypt({ name: "AES-CTR", counter: unhex("000000000000000000000000000000fe"), length: 4 }, key, plain)));
    await acheck("too many blocks", () => s.encrypt({ name: "AES-CTR", counter, length: 1 }, key, plain));
    await acheck("counter 8 bytes", () => s.encrypt({ name: "AES-CTR", counter: counter.slice(8), length: 64 }, key, plain));
    await acheck("length 0", () => s.encrypt({ name: "AES-CTR", counter, length: 0 }, key, plain));
    await acheck("length 129", () => s.encrypt({ name: "AES-CTR", counter, length: 129 }, key, plain));
    log("empty:", hex(await s.encrypt({ name: "AES-CTR", counter, length: 64 }, key, new Uint8Array(0))));
    log("jwk alg:", (await s.exportKey("jwk", key)).alg);
    const g = await s.generateKey({ name: "AES-CTR", length: 192 }, true, ["encrypt"]);
    check("generated", () => g.algorithm);
    return done();
  },
};

// Untrusted code cannot hurt anyone: each hostile worker runs on the same host as a
// well-behaved one, whose requests must keep succeeding (p99 under 50 ms) while the
// attack runs; the attacker gets a clear error; the host process never restarts.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;

struct Attack {
  const char* name;
  const char* source;          // the hostile worker
  int expectedStatus;
  const char* expectedInBody;  // "" to skip
};

const Attack ATTACKS[] = {
    {"endless-loop", "export default { fetch() { while (true) {} } };", 503,
     "cpu_limit_exceeded"},
    {"deep-recursion",
     "const f = (n) => f(n + 1) + 1; export default { fetch() { return new Response(f(0)); } };",
     500, ""},
    // Whichever limit comes first: collecting a full heap burns CPU time too.
    {"heap-exhaustion",
     "export default { fetch() { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)); } };",
     503, "_limit_exceeded"},
    {"gigabyte-buffer",
     "export default { fetch() { return new Response(new ArrayBuffer(1 << 30)); } };", 500, ""},
    {"promise-flood",
     "export default { fetch() { const go = () => Promise.resolve().then(go); go();"
     " return new Promise(() => {}); } };",
     503, "cpu_limit_exceeded"},
    {"timer-flood",
     "export default { fetch() { for (;;) setTimeout(() => {}, 1e9); } };", 503,
     "timer_limit_exceeded"},
    {"huge-string",
     "export default { fetch() { return new Response('x'.repeat(1 << 29).repeat(8)); } };", 500,
     ""},
    {"code-from-strings",
     "export default { fetch() { const out = [];"
     " for (const f of [() => eval('1'), () => new Function('return 1')(),"
     "   () => new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0]))]) {"
     "   try { f(); out.push('ran'); } catch (e) { out.push(e.name); } }"
     " return new Response(out.join(','), { status: 403 }); } };",
     403, "EvalError,EvalError,CompileError"},
    {"no-process-no-files",
     "export default { fetch() { return new Response([typeof process,"
     " typeof require, typeof Deno, typeof Bun, typeof XMLHttpRequest].join(','),"
     " { status: 403 }); } };",
     403, "undefined,undefined,undefined,undefined,undefined"},
    // fetch() exists, but nothing was granted: the cloud metadata service, the platform's
    // own ports, files and IPv6 loopback are all refused before a connection is made.
    {"fetch-what-was-not-granted",
     "export default { async fetch() { const out = [];"
     " for (const url of ['http://169.254.169.254/latest/meta-data/',"
     "   'http://127.0.0.1:8081/workers', 'file:///etc/passwd', 'http://[::1]/',"
     "   'http://0x7f000001/', 'http://metadata.google.internal/']) {"
     "   try { await fetch(url); out.push('reached'); } catch (e) { out.push(e.name); } }"
     " return new Response(out.join(','), { status: 403 }); } };",
     403, "TypeError,TypeError,TypeError,TypeError,TypeError,TypeError"},
    // 10,000 at once: the first 50 are refused by the front end, the rest never leave.
    // Whichever limit comes first: making 10,000 Requests takes CPU time too.
    {"subrequest-flood",
     "export default { async fetch() {"
     " await Promise.all(Array.from({ length: 10000 }, () =>"
     "   fetch('http://169.254.169.254/').catch((e) => {"
     "     if (e.message.startsWith('subrequest_limit')) throw e; })));"
     " return new Response('all sent'); } };",
     503, "_limit_exceeded"},
    // A length that is 256 when checked and a gigabyte when used would keep native PBKDF2
    // busy for hours where the CPU limit cannot stop it.
    {"crypto-shifting-length",
     "export default { async fetch() { const s = crypto.subtle; let n = 0;"
     " const k = await s.importKey('raw', new Uint8Array(8), 'PBKDF2', false, ['deriveBits']);"
     " const length = { valueOf() { return ++n === 1 ? 256 : 8 * 2 ** 30; } };"
     " const bits = await s.deriveBits({ name: 'PBKDF2', hash: 'SHA-256',"
     "   salt: new Uint8Array(8), iterations: 1000 }, k, length);"
     " return new Response('derived ' + bits.byteLength, { status: 403 }); } };",
     403, "derived 32"},
    // Replaced typed-array getters and constructors must not see a non-extractable key.
    {"crypto-spy-on-keys",
     "const proto = Object.getPrototypeOf(Uint8Array.prototype); let seen = 0;"
     "for (const name of ['byteLength', 'length', 'buffer']) {"
     "  const get = Object.getOwnPropertyDescriptor(proto, name).get;"
     "  Object.defineProperty(proto, name, { get() { seen++; return get.call(this); } }); }"
     "const Real = Uint8Array;"
     "globalThis.Uint8Array = function (...a) { seen++; return new Real(...a); };"
     "proto.slice = function () { seen++; return this; }; Object.freeze = (o) => o;"
     "for (const name of ['set', 'subarray']) { const f = proto[name];"
     "  proto[name] = function (...a) { seen++; return f.apply(this, a); }; }"
     "const replace = String.prototype.replace;"
     "String.prototype.replace = function (...a) { seen++; return replace.apply(this, a); };"
     "Object.defineProperty(Object.prototype, 'use', { get() { seen++; }, configurable: true });"
     "export default { async fetch() { const data = new TextEncoder().encode('x');"
     " const s = crypto.subtle;"
     // Wrapping exports an extractable key, which the spies may see; then they must see nothing.
     " const kek = await s.generateKey({ name: 'AES-CTR', length: 128 }, false,"
     "   ['wrapKey', 'unwrapKey']);"
     " const ctr = { name: 'AES-CTR', counter: new Real(16).fill(255), length: 8 };"
     " const h = await s.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);"
     " const hs = { name: 'HMAC', hash: 'SHA-256' };"
     " const rawWrapped = await s.wrapKey('raw', h, kek, ctr);"
     " const jwkWrapped = await s.wrapKey('jwk', h, kek, ctr); seen = 0;"
     " const k = await s.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);"
     " await s.sign('HMAC', k, data);"
     " const a = await s.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);"
     " await s.encrypt({ name: 'AES-GCM', iv: data }, a, data);"
     " await s.unwrapKey('raw', rawWrapped, kek, ctr, hs, false, ['sign']);"
     " await s.unwrapKey('jwk', jwkWrapped, kek, ctr, hs, false, ['sign']);"
     " return new Response('seen ' + seen + ' frozen ' + Object.isFrozen(k.usages),"
     "   { status: 403 }); } };",
     403, "seen 0 frozen true"},
    // RSA key generation runs in OpenSSL, where the CPU limit cannot interrupt it: it stops
    // itself once the event is out of time, instead of a second (4096 bits) later.
    {"crypto-rsa-keygen-loop",
     "export default { async fetch() { for (;;) await crypto.subtle.generateKey({"
     " name: 'RSASSA-PKCS1-v1_5', modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]),"
     " hash: 'SHA-256' }, false, ['sign']); } };",
     503, "cpu_limit_exceeded"},
    // Larger RSA keys are refused before any work: generation past 4096 bits, keys past 8192
    // (one private-key operation on a 16384-bit key takes about 300 ms).
    {"crypto-huge-rsa",
     "export default { async fetch() { const s = crypto.subtle, out = [];"
     " const params = (modulusLength) => ({ name: 'RSA-PSS', modulusLength,"
     "   publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' });"
     " const n = new Uint8Array(2048); n[0] = 0x80; n[2047] = 1;"
     " const jwk = { kty: 'RSA', e: 'AQAB', n: btoa(String.fromCharCode(...n))"
     "   .replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '') };"
     " for (const f of [() => s.generateKey(params(16384), false, ['sign']),"
     "   () => s.generateKey(params(1 << 20), false, ['sign']),"
     "   () => s.importKey('jwk', jwk, params(0), false, ['verify'])]) {"
     "   try { await f(); out.push('ran'); } catch (e) { out.push(e.name); } }"
     " return new Response(out.join(','), { status: 403 }); } };",
     403, "NotSupportedError,OperationError,NotSupportedError"},
    // The same spies as above on key pairs' private keys, and on Array.prototype's elements
    // (the natives hand back arrays holding keys).
    {"crypto-spy-on-key-pairs",
     "const proto = Object.getPrototypeOf(Uint8Array.prototype); let seen = 0;"
     "for (const name of ['byteLength', 'length', 'buffer']) {"
     "  const get = Object.getOwnPropertyDescriptor(proto, name).get;"
     "  Object.defineProperty(proto, name, { get() { seen++; return get.call(this); } }); }"
     "const Real = Uint8Array;"
     "globalThis.Uint8Array = function (...a) { seen++; return new Real(...a); };"
     "proto.slice = function () { seen++; return this; }; Object.freeze = (o) => o;"
     "for (const name of ['set', 'subarray']) { const f = proto[name];"
     "  proto[name] = function (...a) { seen++; return f.apply(this, a); }; }"
     // Only while the keys are used: the rest of the platform fills arrays by assignment.
     "const arraySpies = (on) => { for (let i = 0; i < 8; i++) {"
     "  if (!on) delete Array.prototype[i];"
     "  else Object.defineProperty(Array.prototype, i,"
     "    { set() { seen++; }, get() { seen++; }, configurable: true }); } };"
     "const replace = String.prototype.replace;"
     "String.prototype.replace = function (...a) { seen++; return replace.apply(this, a); };"
     "const s = crypto.subtle; const es = { name: 'ECDSA', hash: 'SHA-256' };"
     "const ec = { name: 'ECDSA', namedCurve: 'P-256' };"
     "const iv = { name: 'AES-GCM', iv: new Real(12) };"
     // Wrapping exports extractable keys, which the spies may see: done once, on the first
     // request (as is the RSA key generation, to keep each request light).
     "let keys; const setUp = async () => {"
     " const kek = await s.generateKey({ name: 'AES-KW', length: 128 }, false,"
     "   ['wrapKey', 'unwrapKey']);"
     " const gcm = await s.generateKey({ name: 'AES-GCM', length: 128 }, false,"
     "   ['wrapKey', 'unwrapKey']);"
     " const open = await s.generateKey(ec, true, ['sign']);"
     " const pkcs8 = await s.wrapKey('pkcs8', open.privateKey, gcm, iv);"
     " const aes = await s.generateKey({ name: 'AES-CBC', length: 256 }, true, ['encrypt']);"
     " const kw = await s.wrapKey('raw', aes, kek, 'AES-KW');"
     " const jwk = await s.wrapKey('jwk', open.privateKey, gcm, iv);"
     " const rsa = await s.generateKey({ name: 'RSA-OAEP', modulusLength: 512,"
     "   publicExponent: new Real([1, 0, 1]), hash: 'SHA-1' }, false, ['wrapKey', 'unwrapKey']);"
     " const hmac = await s.generateKey({ name: 'HMAC', hash: 'SHA-1', length: 128 }, true,"
     "   ['sign']); const oaep = await s.wrapKey('raw', hmac, rsa.publicKey, 'RSA-OAEP');"
     " return { kek, gcm, pkcs8, jwk, kw, rsa, oaep }; };"
     "export default { async fetch() { const data = new TextEncoder().encode('x');"
     " keys = keys || await setUp(); const { kek, gcm, pkcs8, jwk, kw, rsa, oaep } = keys;"
     " seen = 0; arraySpies(true);"
     " const pair = await s.generateKey(ec, false, ['sign']);"
     " await s.sign(es, pair.privateKey, data);"
     " await s.sign(es, await s.unwrapKey('pkcs8', pkcs8, gcm, iv, ec, false, ['sign']), data);"
     " await s.unwrapKey('raw', kw, kek, 'AES-KW', 'AES-CBC', false, ['encrypt']);"
     " await s.sign(es, await s.unwrapKey('jwk', jwk, gcm, iv, ec, false, ['sign']), data);"
     " await s.unwrapKey('raw', oaep, rsa.privateKey, 'RSA-OAEP', { name: 'HMAC', hash: 'SHA-1' },"
     "   false, ['sign']);"
     " const dh = await s.generateKey({ name: 'X25519' }, false, ['deriveKey']);"
     " await s.deriveKey({ name: 'X25519', public: dh.publicKey }, dh.privateKey,"
     "   { name: 'AES-GCM', length: 256 }, false, ['encrypt']);"
     " arraySpies(false); return new Response('seen ' + seen, { status: 403 }); } };",
     403, "seen 0"},
    {"pollute-builtins",
     "Object.prototype.polluted = 'yes'; Array.prototype.join = () => 'hijacked';"
     "JSON.stringify = () => 'hijacked';"
     "export default { fetch() { return new Response('polluted', { status: 418 }); } };",
     418, "polluted"},
};

// The neighbour: answers with what it sees of the built-ins, so pollution would show.
constexpr const char* GOOD =
    "export default { fetch(r, env) { return new Response("
    "[({}).polluted, [1, 2].join('+'), JSON.stringify({a: 1}), env.SECRET].join(' ')); } };";
constexpr const char* GOOD_ANSWER = " 1+2 {\"a\":1} good-secret";

std::string manifest(const std::string& source, const std::string& vars = "{}") {
  return R"({"main_module":"index.js","vars":)" + vars + R"(,"modules":{"index.js":)" +
         jsonString(source) + "}}";
}

TEST(Hostile, EveryAttackIsContainedAndTheNeighbourStaysFast) {
  ServeProcess serve(makeTempDir(), 1);  // one host: attacker and neighbour share it
  auto token = serve.tenant("acme");
  ASSERT_EQ(serve.deployJson(token, "good", manifest(GOOD, R"({"SECRET":"good-secret"})")), 201);
  ASSERT_EQ(serve.invoke("good").body, GOOD_ANSWER);
  auto hostsBefore = childProcesses(serve.process.pid());
  ASSERT_EQ(hostsBefore.size(), 1u);

  for (auto& attack: ATTACKS) {
    SCOPED_TRACE(attack.name);
    ASSERT_EQ(serve.deployJson(token, attack.name, manifest(attack.source)), 201);

    std::atomic<bool> stop{false};
    std::vector<double> latencies;
    int wrongAnswers = 0;
    std::thread neighbour([&]() {
      while (!stop) {
        auto start = std::chrono::steady_clock::now();
        auto response = serve.invoke("good");
        latencies.push_back(std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - start)
                                .count());
        if (response.body != GOOD_ANSWER) ++wrongAnswers;
      }
    });
    // The attacker sends its requests back to back, for a while.
    int unexpected = 0;
    auto attackEnds = std::chrono::steady_clock::now() + 1500ms;
    while (std::chrono::steady_clock::now() < attackEnds) {
      auto response = serve.invoke(attack.name);
      if (response.status != attack.expectedStatus ||
          response.body.find(attack.expectedInBody) == std::string::npos) {
        ++unexpected;
        ADD_FAILURE() << attack.name << ": " << response.status << " " << response.body;
        break;
      }
    }
    std::this_thread::sleep_for(50ms);
    stop = true;
    neighbour.join();

    EXPECT_EQ(unexpected, 0);
    EXPECT_EQ(wrongAnswers, 0);
    ASSERT_FALSE(latencies.empty());
    std::sort(latencies.begin(), latencies.end());
    double p99 = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
    EXPECT_LT(p99, 50.0) << latencies.size() << " neighbour requests";
    std::printf("%-20s neighbour: %zu requests, p99 %.1f ms\n", attack.name, latencies.size(),
                p99);
  }
  EXPECT_EQ(childProcesses(serve.process.pid()), hostsBefore) << "the host restarted";
  // The host runs locked down (runtime/sandbox.h): seccomp filter on, no new privileges.
  auto status = readFile("/proc/" + std::to_string(hostsBefore[0]) + "/status");
  EXPECT_NE(status.find("NoNewPrivs:\t1"), std::string::npos) << status;
  EXPECT_NE(status.find("Seccomp:\t2"), std::string::npos) << status;
  auto metrics = serve.control("GET", "/metrics", "");
  EXPECT_NE(metrics.body.find("shoal_limit_exceeded_total{host=\"0\",limit=\"cpu\"} "),
            std::string::npos);
  EXPECT_EQ(metrics.body.find("limit=\"cpu\"} 0\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("shoal_limit_exceeded_total{host=\"0\",limit=\"timers\"} "),
            std::string::npos);
  EXPECT_EQ(metrics.body.find("limit=\"timers\"} 0\n"), std::string::npos) << metrics.body;
}

TEST(Hostile, AWorkerCannotReachAnotherWorkersSessionOrEnv) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  auto evil = serve.tenant("evil");
  const char* store = R"js(
export class Box {
  constructor(ctx) { this.ctx = ctx; }
  async fetch(request) {
    if (request.method === "POST") await this.ctx.storage.put("k", await request.text());
    return new Response(String(await this.ctx.storage.get("k")));
  }
}
export default { fetch(r, env) {
  return env.BOX.get(env.BOX.idFromName("shared-name")).fetch(r);
} };
)js";
  auto withBox = [&](const std::string& vars) {
    return R"({"main_module":"index.js","sessions":{"BOX":"Box"},"vars":)" + vars +
           R"(,"modules":{"index.js":)" + jsonString(store) + "}}";
  };
  ASSERT_EQ(serve.deployJson(acme, "victim", withBox(R"({"SECRET":"s3cret"})")), 201);
  ASSERT_EQ(serve.deployJson(evil, "thief", withBox("{}")), 201);
  EXPECT_EQ(httpRequest(serve.port, "POST", "/", {{"Host", "victim.localhost"}}, "private")
                .body,
            "private");
  // Same class, same session name, same host: a different session.
  EXPECT_EQ(serve.invoke("thief").body, "undefined");
  EXPECT_EQ(serve.invoke("victim").body, "private");
}

}  // namespace
}  // namespace shoal::testing

// Subrequests as a user meets them: fetch() from a worker to a real HTTP server (another
// real `shoal dev` on a free port), refused where nothing grants it, and service bindings
// between workers of `shoal serve`, kept within one tenant.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/serve-process.h"

namespace shoal::testing {
namespace {

using namespace std::chrono_literals;

// The upstream server: it echoes what reached it, redirects, and can be slow.
constexpr const char* UPSTREAM = R"js(
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/to-final") return Response.redirect(new URL("/final", url).href, 302);
    if (url.pathname === "/see-other") return Response.redirect(new URL("/final", url).href, 303);
    if (url.pathname === "/forever") return Response.redirect(url.href, 307);
    if (url.pathname === "/slow") await new Promise((done) => setTimeout(done, 2000));
    if (url.pathname === "/big") return new Response("x".repeat(3 << 20));
    return new Response(`${request.method} ${url.pathname}${url.search} ` +
        `host=${request.headers.get("host")} x-agent=${request.headers.get("x-agent")} ` +
        `auth=${request.headers.get("authorization")} body=${await request.text()}`,
        { status: url.pathname === "/teapot" ? 418 : 200, headers: { "x-upstream": "yes" } });
  },
};
)js";

// The caller: fetch(url, init) where url and init come from the query; answers with what
// came back, or the error's name and message.
constexpr const char* CALLER = R"js(
export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    const init = JSON.parse(q.get("init") || "{}");
    if (q.has("timeout")) init.signal = AbortSignal.timeout(Number(q.get("timeout")));
    try {
      const r = await fetch(q.get("url"), init);
      return new Response(`${r.status} ${r.url} redirected=${r.redirected} ` +
          `x-upstream=${r.headers.get("x-upstream")} | ${(await r.text()).slice(0, 200)}`);
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`, { status: 502 });
    }
  },
};
)js";

struct Dev {
  Dev(const std::string& file, std::vector<std::string> extraArgs = {})
      : process([&]() {
          std::vector<std::string> args = {"dev", "--port", "0"};
          args.insert(args.end(), extraArgs.begin(), extraArgs.end());
          args.push_back(file);
          return args;
        }()),
        port(process.waitForPort()) {}

  ShoalProcess process;
  int port;
};

std::string query(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += c;
    } else {
      char hex[4];
      snprintf(hex, sizeof(hex), "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

class DevFetch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = makeTempDir();
    writeFile(dir + "/upstream.js", UPSTREAM);
    writeFile(dir + "/caller.js", CALLER);
    upstream = std::make_unique<Dev>(dir + "/upstream.js");
    ASSERT_GT(upstream->port, 0);
    upstreamUrl = "http://127.0.0.1:" + std::to_string(upstream->port);
    caller = std::make_unique<Dev>(
        dir + "/caller.js",
        std::vector<std::string>{"--allow", "127.0.0.1:" + std::to_string(upstream->port),
                                 "--allow", "*.example.com"});
    ASSERT_GT(caller->port, 0);
  }

  HttpResponse call(const std::string& url, const std::string& init = "{}",
                    const std::string& extra = "") {
    return httpRequest(caller->port, "GET", "/?url=" + query(url) + "&init=" + query(init) + extra);
  }

  std::string dir;
  std::unique_ptr<Dev> upstream;
  std::unique_ptr<Dev> caller;
  std::string upstreamUrl;
};

TEST_F(DevFetch, ReachesAnAllowedServerWithMethodHeadersAndBody) {
  auto get = call(upstreamUrl + "/hello?a=1", R"({"headers":{"x-agent":"shoal-test"}})");
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "200 " + upstreamUrl +
                          "/hello?a=1 redirected=false x-upstream=yes | "
                          "GET /hello?a=1 host=127.0.0.1:" +
                          std::to_string(upstream->port) + " x-agent=shoal-test auth=null body=");

  auto post = call(upstreamUrl + "/teapot", R"({"method":"POST","body":"grüße"})");
  EXPECT_EQ(post.status, 200);
  EXPECT_NE(post.body.find("418 "), std::string::npos) << post.body;
  EXPECT_NE(post.body.find("POST /teapot"), std::string::npos) << post.body;
  EXPECT_NE(post.body.find("body=grüße"), std::string::npos) << post.body;

  // A body of megabytes comes back whole.
  auto big = call(upstreamUrl + "/big");
  EXPECT_EQ(big.status, 200);
  EXPECT_NE(big.body.find("| xxxx"), std::string::npos) << big.body.substr(0, 300);
}

TEST_F(DevFetch, FollowsRedirectsAsTheFetchStandardSays) {
  auto followed = call(upstreamUrl + "/to-final", R"({"headers":{"authorization":"Bearer t"}})");
  EXPECT_EQ(followed.body, "200 " + upstreamUrl +
                               "/final redirected=true x-upstream=yes | "
                               "GET /final host=127.0.0.1:" +
                               std::to_string(upstream->port) +
                               " x-agent=null auth=Bearer t body=");
  // 303 turns a POST into a GET without its body.
  auto seeOther = call(upstreamUrl + "/see-other", R"({"method":"POST","body":"gone"})");
  EXPECT_NE(seeOther.body.find("| GET /final"), std::string::npos) << seeOther.body;
  EXPECT_EQ(seeOther.body.substr(seeOther.body.size() - 6), " body=") << seeOther.body;

  auto manual = call(upstreamUrl + "/to-final", R"({"redirect":"manual"})");
  EXPECT_EQ(manual.body.substr(0, 4), "302 ") << manual.body;
  EXPECT_NE(manual.body.find("redirected=false"), std::string::npos) << manual.body;

  auto forever = call(upstreamUrl + "/forever");
  EXPECT_EQ(forever.status, 502);
  EXPECT_NE(forever.body.find("TypeError: fetch() followed 20 redirects"), std::string::npos)
      << forever.body;
}

TEST_F(DevFetch, RefusesWhatIsNotGranted) {
  struct Case {
    std::string url;
    std::string expected;
  };
  auto port = std::to_string(upstream->port);
  std::vector<Case> cases = {
      // The same server on another name or port is not what was granted.
      {"http://localhost:" + port + "/", "localhost:" + port + " is not in the worker's outbound"},
      {"http://127.0.0.1:1/", "127.0.0.1:1 is not in the worker's outbound allowlist"},
      {"http://169.254.169.254/latest/meta-data/", "169.254.169.254:80 is not in the worker's"},
      {"file:///etc/passwd", "only http: and https: URLs can be fetched"},
      {"http://user:pw@127.0.0.1:" + port + "/", "credentials in the URL are not sent"},
      // Allowed by name, but a name must resolve to a public address.
      {"http://does-not-exist.example.com/", "could not resolve does-not-exist.example.com"},
  };
  for (auto& c : cases) {
    auto response = call(c.url);
    EXPECT_EQ(response.status, 502) << c.url << ": " << response.body;
    EXPECT_EQ(response.body.find("TypeError: fetch() to "), 0u) << response.body;
    EXPECT_NE(response.body.find(c.expected), std::string::npos) << c.url << ": " << response.body;
  }
  // Nothing reached the upstream server: its log has only the requests above that passed.
  EXPECT_EQ(upstream->process.output().find("GET /latest"), std::string::npos);
}

TEST_F(DevFetch, AnAbortSignalEndsAWaitingFetch) {
  auto start = std::chrono::steady_clock::now();
  auto response = call(upstreamUrl + "/slow", "{}", "&timeout=100");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(response.status, 502);
  EXPECT_EQ(response.body.find("TimeoutError"), 0u) << response.body;
  EXPECT_LT(took, 1500ms);
}

// Bodies stream both ways between a worker and the upstream server, as the reader reads: the
// worker sees the first chunk while the rest is still being made, and 96 MiB pass through an
// isolate of 32 MiB, counted or passed on as its own response, or uploaded.
TEST(DevFetchStreaming, ResponseBodiesStreamIn) {
  auto dir = makeTempDir();
  writeFile(dir + "/upstream.js", R"js(
let release = null;
export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/go") {
      release?.();
      return new Response("released");
    }
    if (path === "/count") {
      return (async () => {
        let bytes = 0;
        for await (const chunk of request.body) bytes += chunk.length;
        return new Response(`${request.method} ${bytes} ${request.headers.get("x-kind")}`);
      })();
    }
    if (path === "/moved") {
      // Read first: a server that closes on a body it has not read resets the connection,
      // and the client may lose the answer (TCP), which is not what this case is about.
      return request.arrayBuffer().then(() =>
          Response.redirect(new URL("/count", request.url).href, 307));
    }
    if (path === "/sized") return new Response(new Uint8Array(1 << 20).fill(7));
    if (path === "/held") {
      return new Response(new ReadableStream({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode("early"));
          await new Promise((resolve) => { release = resolve; });
          controller.close();
        },
      }));
    }
    let sent = 0;
    return new Response(new ReadableStream({
      pull(controller) {
        if (sent === 96) return controller.close();
        controller.enqueue(new Uint8Array(1 << 20).fill(++sent));
      },
    }));
  },
};
)js");
  writeFile(dir + "/caller.js", R"js(
export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    if (q.has("upload")) {
      try {
        const sent = await fetch(q.get("url"),
            { method: "PUT", body: request.body, headers: { "x-kind": "streamed" } });
        return new Response(await sent.text());
      } catch (e) {
        return new Response(`${e.name}: ${e.message}`, { status: 502 });
      }
    }
    const response = await fetch(q.get("url"));
    if (q.has("first")) {
      const { value } = await response.body.getReader().read();
      return new Response("first: " + new TextDecoder().decode(value));
    }
    if (q.has("count")) {
      let bytes = 0, last = 0;
      for await (const chunk of response.body) {
        bytes += chunk.length;
        last = chunk[chunk.length - 1];
      }
      return new Response(`${bytes} ${last}`);
    }
    return new Response(response.body);
  },
};
)js");
  Dev upstream(dir + "/upstream.js");
  ASSERT_GT(upstream.port, 0);
  auto base = "http://127.0.0.1:" + std::to_string(upstream.port);
  Dev caller(dir + "/caller.js", {"--heap-limit-mib", "32", "--allow",
                                  "127.0.0.1:" + std::to_string(upstream.port)});
  ASSERT_GT(caller.port, 0);

  auto first = httpRequest(caller.port, "GET", "/?first&url=" + query(base + "/held"));
  EXPECT_EQ(first.body, "first: early");
  EXPECT_EQ(httpRequest(upstream.port, "GET", "/go").body, "released");

  auto counted = httpRequest(caller.port, "GET", "/?count&url=" + query(base + "/big"));
  EXPECT_EQ(counted.body, std::to_string(96 << 20) + " 96");

  auto passed = httpRequest(caller.port, "GET", "/?url=" + query(base + "/big"));
  EXPECT_EQ(passed.status, 200);
  ASSERT_EQ(passed.body.size(), size_t(96) << 20);
  EXPECT_EQ(passed.body[0], '\x01');
  EXPECT_EQ(passed.body.back(), '\x60');
  // A body that came with a length, passed on, goes with it (not chunked), as in Workers.
  auto sized = httpRequest(caller.port, "GET", "/?url=" + query(base + "/sized"));
  EXPECT_EQ(sized.body.size(), size_t(1) << 20);
  EXPECT_EQ(sized.headers["content-length"], std::to_string(1 << 20));
  EXPECT_EQ(sized.headers.count("transfer-encoding"), 0u);

  std::string upload(96 << 20, 'u');
  auto uploaded = httpRequest(caller.port, "POST", "/?upload&url=" + query(base + "/count"),
                              {}, upload);
  EXPECT_EQ(uploaded.body, "PUT " + std::to_string(upload.size()) + " streamed");
  // A body that streamed cannot be sent again to follow a 307.
  auto redirected = httpRequest(caller.port, "POST", "/?upload&url=" + query(base + "/moved"),
                                {}, upload.substr(0, 1 << 20));
  EXPECT_EQ(redirected.status, 502);
  EXPECT_EQ(redirected.body.find("TypeError: fetch(): "), 0u) << redirected.body;
}

// Workers' FixedLengthStream as a fetch() body: it goes with its Content-Length (an upload API
// that refuses chunked bodies takes it); other stream bodies go chunked, without a
// Content-Length the worker set.
TEST(DevFetchStreaming, AFixedLengthStreamBodyGoesWithItsContentLength) {
  auto dir = makeTempDir();
  writeFile(dir + "/upstream.js", R"js(
export default {
  async fetch(request) {
    return new Response(`length=${request.headers.get("content-length")} ` +
        `body=${await request.text()}`);
  },
};
)js");
  writeFile(dir + "/caller.js", R"js(
export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    const kind = q.get("kind");
    const t = kind === "fixed" ? new FixedLengthStream(11)
      : kind === "short" ? new FixedLengthStream(20) : new IdentityTransformStream();
    const w = t.writable.getWriter();
    const enc = new TextEncoder();
    w.write(enc.encode("hello ")).then(() => w.write(enc.encode("world"))).then(() => w.close());
    const headers = kind === "declared" ? { "content-length": "11" } : {};
    try {
      const r = await fetch(q.get("url"), { method: "PUT", body: t.readable, headers });
      return new Response(await r.text());
    } catch (e) {
      return new Response(`${e.name}`, { status: 502 });
    }
  },
};
)js");
  Dev upstream(dir + "/upstream.js");
  ASSERT_GT(upstream.port, 0);
  auto url = query("http://127.0.0.1:" + std::to_string(upstream.port) + "/put");
  Dev caller(dir + "/caller.js", {"--allow", "127.0.0.1:" + std::to_string(upstream.port)});
  ASSERT_GT(caller.port, 0);

  EXPECT_EQ(httpRequest(caller.port, "GET", "/?kind=fixed&url=" + url).body,
            "length=11 body=hello world");
  EXPECT_EQ(httpRequest(caller.port, "GET", "/?kind=identity&url=" + url).body,
            "length=null body=hello world");
  EXPECT_EQ(httpRequest(caller.port, "GET", "/?kind=declared&url=" + url).body,
            "length=null body=hello world");
  // Closed 9 bytes short of its length: the upload fails (fetch() rejects), it is not sent
  // as complete.
  auto shortBody = httpRequest(caller.port, "GET", "/?kind=short&url=" + url);
  EXPECT_EQ(shortBody.status, 502) << shortBody.body;
  EXPECT_EQ(shortBody.body, "TypeError");
}

TEST(DevFetchLimits, TooManySubrequestsFailTheRequestWith503) {
  auto dir = makeTempDir();
  writeFile(dir + "/many.js", R"js(
export default {
  async fetch(request) {
    const n = Number(new URL(request.url).searchParams.get("n"));
    const caught = new URL(request.url).searchParams.has("catch");
    const results = [];
    for (let i = 0; i < n; i++) {
      try {
        await fetch("http://127.0.0.1:1/");
      } catch (e) {
        if (e.message.startsWith("subrequest_limit_exceeded") && !caught) throw e;
        const limit = e.message.startsWith("subrequest_limit_exceeded");
        results.push(limit ? "subrequest_limit_exceeded" : e.name);
      }
    }
    return new Response(`${results.length} ${results.at(-1)}`);
  },
};
)js");
  Dev dev(dir + "/many.js");
  ASSERT_GT(dev.port, 0);
  // Each refused fetch() still counts: it was made.
  auto atLimit = httpRequest(dev.port, "GET", "/?n=50");
  EXPECT_EQ(atLimit.status, 200);
  EXPECT_EQ(atLimit.body, "50 TypeError");
  auto over = httpRequest(dev.port, "GET", "/?n=51");
  EXPECT_EQ(over.status, 503);
  EXPECT_EQ(over.body, "subrequest_limit_exceeded");
  // A worker that catches the error answers for itself.
  auto caught = httpRequest(dev.port, "GET", "/?n=52&catch");
  EXPECT_EQ(caught.status, 200);
  EXPECT_EQ(caught.body, "52 subrequest_limit_exceeded");
  EXPECT_TRUE(dev.process.waitForOutput("subrequest_limit_exceeded (request " +
                                        over.headers["shoal-request-id"] +
                                        "): the request made more than 50 subrequests"))
      << dev.process.output();
  // The next request has a budget of its own.
  EXPECT_EQ(httpRequest(dev.port, "GET", "/?n=1").body, "1 TypeError");
}

TEST(DevFetchLimits, NoFetchAtTheTopLevelOfAModule) {
  auto dir = makeTempDir();
  writeFile(dir + "/eager.js", R"js(
let started = "pending";
fetch("http://127.0.0.1:1/").then(() => { started = "sent"; }, (e) => { started = e.message; });
export default { fetch() { return new Response(started); } };
)js");
  Dev dev(dir + "/eager.js");
  ASSERT_GT(dev.port, 0);
  EXPECT_EQ(httpRequest(dev.port, "GET", "/").body,
            "fetch() and service calls run only on behalf of a request, not at the top level of "
            "a module (or in a timer set there)");
}

// shoal serve: two tenants, service bindings, the outbound allowlist in the manifest.
constexpr const char* AUTH = R"js(
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return new Response(`auth saw ${request.method} ${url.pathname} ` +
        `token=${request.headers.get("x-token")} body=${await request.text()}`,
        { status: 201, headers: { "x-from": "auth" } });
  },
};
)js";

constexpr const char* FRONT = R"js(
export default {
  async fetch(request, env) {
    const binding = new URL(request.url).searchParams.get("via") || "AUTH";
    try {
      const r = await env[binding].fetch("https://auth.internal/check", {
        method: "POST", headers: { "x-token": "abc" }, body: "hello" });
      return new Response(`${r.status} ${r.headers.get("x-from")} ${await r.text()}`);
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`, { status: 502 });
    }
  },
};
)js";

TEST(ServeSubrequests, ServiceBindingsReachTheSameTenantsWorkersOnly) {
  ServeProcess serve(makeTempDir(), 2);
  auto acme = serve.tenant("acme");
  auto evil = serve.tenant("evil");
  ASSERT_EQ(serve.deployJson(acme, "auth", bundle(AUTH)), 201);
  ASSERT_EQ(serve.deployJson(acme, "front",
                             bundle(FRONT, R"(,"services":{"AUTH":"auth","GONE":"nobody"})")),
            201);
  ASSERT_EQ(serve.deployJson(evil, "thief", bundle(FRONT, R"(,"services":{"AUTH":"auth"})")), 201);

  auto ok = serve.invoke("front");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "201 auth auth saw POST /check token=abc body=hello");

  // Another tenant's worker does not exist for this one.
  auto stolen = serve.invoke("thief");
  EXPECT_EQ(stolen.status, 502);
  EXPECT_EQ(stolen.body,
            "TypeError: the service binding's worker 'auth' is not deployed (for "
            "this worker's tenant)");
  EXPECT_EQ(serve.invoke("front", "/?via=GONE").body,
            "TypeError: the service binding's worker 'nobody' is not deployed (for this "
            "worker's tenant)");

  // Redeploying the target is seen at once: a binding reaches the live version.
  ASSERT_EQ(serve.deployJson(acme, "auth", bundle(R"js(
export default { fetch() { return new Response("v2", { headers: { "x-from": "auth2" } }); } };
)js")),
            201);
  EXPECT_EQ(serve.invoke("front").body, "200 auth2 v2");
}

TEST(ServeSubrequests, ServiceCallsInALoopStop) {
  ServeProcess serve(makeTempDir(), 1);
  auto acme = serve.tenant("acme");
  // Each level calls the next through its own binding to itself.
  ASSERT_EQ(serve.deployJson(acme, "ouroboros",
                             bundle(R"js(
export default {
  async fetch(request, env) {
    const depth = Number(new URL(request.url).searchParams.get("d") || 0);
    try {
      const r = await env.SELF.fetch(`http://self/?d=${depth + 1}`);
      return new Response(await r.text());
    } catch (e) {
      return new Response(`stopped at ${depth}: ${e.message}`);
    }
  },
};
)js",
                                    R"(,"services":{"SELF":"ouroboros"})")),
            201);
  auto response = serve.invoke("ouroboros");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body.find("stopped at 16: env.SELF.fetch() refused: service calls nest "
                               "more than 16 deep"),
            0u)
      << response.body;
}

TEST(ServeSubrequests, TheManifestGrantsOutboundHostsAndPrivateAddressesNeedTheOperator) {
  auto dir = makeTempDir();
  writeFile(dir + "/upstream.js", UPSTREAM);
  Dev upstream(dir + "/upstream.js");
  ASSERT_GT(upstream.port, 0);
  auto address = "127.0.0.1:" + std::to_string(upstream.port);
  auto withAllow = bundle(CALLER, R"(,"outbound":{"allow":[")" + address + R"("]})");
  auto path = "/?url=" + query("http://" + address + "/from-serve");

  {
    // By default a worker reaches public addresses only, whatever its manifest names.
    ServeProcess serve(makeTempDir(), 1);
    auto acme = serve.tenant("acme");
    ASSERT_EQ(serve.deployJson(acme, "caller", withAllow), 201);
    auto refused = serve.invoke("caller", path);
    EXPECT_EQ(refused.status, 502);
    EXPECT_NE(refused.body.find("127.0.0.1 is a loopback address (127.0.0.1); workers here may "
                                "reach public addresses only"),
              std::string::npos)
        << refused.body;

    // A bad entry is a 400 naming it, and nothing goes live.
    auto bad = serve.deployJson(acme, "caller",
                                bundle(CALLER, R"(,"outbound":{"allow":["http://x.com/"]})"));
    EXPECT_EQ(bad, 400);
  }
  {
    ServeProcess serve(makeTempDir(), 1, {"--allow-private-outbound"});
    auto acme = serve.tenant("acme");
    ASSERT_EQ(serve.deployJson(acme, "caller", withAllow), 201);
    auto reached = serve.invoke("caller", path);
    EXPECT_EQ(reached.status, 200);
    EXPECT_NE(reached.body.find("| GET /from-serve host=" + address), std::string::npos)
        << reached.body;
    // Named by address only: "localhost" was not granted.
    auto other = serve.invoke(
        "caller", "/?url=" + query("http://localhost:" + std::to_string(upstream.port) + "/"));
    EXPECT_EQ(other.status, 502);

    // The limit from the manifest, and its hits in /metrics.
    ASSERT_EQ(serve.deployJson(acme, "greedy",
                               bundle(R"js(
export default { async fetch() {
  await Promise.all([1, 2, 3].map(() => fetch("http://127.0.0.1:1/").catch((e) => {
    if (e.message.startsWith("subrequest_limit")) throw e;
  })));
  return new Response("unreachable");
} };
)js",
                                      R"(,"limits":{"subrequests":2})")),
              201);
    auto greedy = serve.invoke("greedy");
    EXPECT_EQ(greedy.status, 503);
    EXPECT_EQ(greedy.body, "subrequest_limit_exceeded");
    auto metrics = serve.control("GET", "/metrics", "");
    EXPECT_NE(metrics.body.find("shoal_limit_exceeded_total{host=\"0\",limit=\"subrequests\"} 1"),
              std::string::npos)
        << metrics.body;
  }
}

}  // namespace
}  // namespace shoal::testing

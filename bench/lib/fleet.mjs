// Shared by the bench scripts: find or build shoal, start `shoal serve` or workerd with
// many workers, invoke each with a timed request, and read the RSS of the processes.
// Node standard library only.

import { execFileSync, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const HELLO = 'export default { fetch() { return new Response("Hello World!"); } };';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The shoal binary to measure: `given` (--shoal PATH), else one built under a private Bazel
// output base, which never disturbs the developer's own build.
export function shoalBinary(given) {
  if (given) return given;
  const bazel = ["--output_base=/root/.cache/bazel-bench"];
  execFileSync("bazel", [...bazel, "build", "//control:shoal"], { cwd: REPO, stdio: "inherit" });
  const bin = execFileSync("bazel", [...bazel, "info", "bazel-bin"], { cwd: REPO }).toString();
  return path.join(bin.trim(), "control/shoal");
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Resident set size in bytes of `pid` and, with `tree`, all its descendants.
export function rssBytes(pid, tree = true) {
  const pids = tree ? [pid, ...descendants(pid)] : [pid];
  let total = 0;
  for (const p of pids) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
    } catch {} // exited meanwhile
  }
  return total;
}

export function descendants(pid) {
  const parentOf = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {}
  }
  const found = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = [];
    for (const [child, parent] of parentOf) if (frontier.includes(parent)) next.push(child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// One keep-alive HTTP/1.1 connection; get(host, path) and post(host, path, body, headers)
// resolve with { status, body, ms } where ms is the client-side latency of that request.
export class Client {
  constructor(port) {
    this.port = port;
  }
  async connect() {
    this.socket = net.connect(this.port, "127.0.0.1");
    this.socket.setNoDelay(true);
    await new Promise((resolve, reject) => {
      this.socket.once("connect", resolve);
      this.socket.once("error", reject);
    });
    this.buffer = Buffer.alloc(0);
    this.waiter = null;
    this.socket.on("data", (data) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.waiter?.();
    });
    this.socket.on("error", () => {});
    return this;
  }
  get(host, path = "/") { return this.request("GET", host, path); }
  post(host, path, body, headers = {}) {
    return this.request("POST", host, path, body,
                        { ...headers, "content-length": Buffer.byteLength(body) });
  }
  request(method, host, path, body = "", headers = {}) {
    const start = nowMs();
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    this.socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${lines.join("")}\r\n${body}`);
    return new Promise((resolve) => {
      this.waiter = () => {
        const headEnd = this.buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) return;
        const head = this.buffer.subarray(0, headEnd).toString();
        const length = /content-length:\s*(\d+)/i.exec(head);
        let end;
        if (length) {
          end = headEnd + 4 + Number(length[1]);
          if (this.buffer.length < end) return;
        } else {
          const last = this.buffer.indexOf("\r\n0\r\n\r\n", headEnd);
          if (last < 0) return;
          end = last + 7;
        }
        const ms = nowMs() - start;
        const body = this.buffer.subarray(headEnd + 4, end).toString();
        this.buffer = this.buffer.subarray(end);
        this.waiter = null;
        resolve({ status: Number(head.split(" ")[1]), body, ms });
      };
      this.waiter();
    });
  }
  close() {
    this.socket?.destroy();
  }
}

// Spawns a process; `lines` collects its output; waitFor(regex) resolves with the match.
export function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  let output = "";
  const waiters = [];
  const onData = (data) => {
    output += data;
    if (output.length > 1 << 20) output = output.slice(-(1 << 19));
    for (const w of [...waiters]) {
      const match = w.regex.exec(output);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  child.on("exit", (code) => {
    for (const w of waiters) w.reject(new Error(`${command} exited (${code}):\n${output}`));
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return {
    child,
    output: () => output,
    waitFor(regex) {
      const match = regex.exec(output);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => waiters.push({ regex, resolve, reject }));
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

// Every process started here dies with this one.
const children = new Set();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => process.exit(130));
}
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

// `shoal serve` over `dataDir`; returns ports, the admin token (first start only), and
// helpers for the control API.
export async function startServe(binary, { hosts, dataDir, extraArgs = [] }) {
  const t0 = nowMs();
  const proc = start(binary, ["serve", "--hosts", String(hosts), "--port", "0",
                              "--control-port", "0", "--data", dataDir, ...extraArgs]);
  const port = Number((await proc.waitFor(/workers on http:\/\/localhost:(\d+)\//))[1]);
  const controlPort = Number((await proc.waitFor(/control API on http:\/\/localhost:(\d+)\//))[1]);
  const admin = /admin token[^:]*: (shoal_[0-9a-f]+)/.exec(proc.output());
  const control = async (method, path, token, body, type = "application/javascript") => {
    const response = await fetch(`http://127.0.0.1:${controlPort}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": type },
      body,
    });
    return { status: response.status, text: await response.text() };
  };
  return {
    proc, port, controlPort, control, startedMs: t0,
    adminToken: admin?.[1],
    async tenant(name) {
      const r = await control("POST", "/tenants", this.adminToken, JSON.stringify({ name }),
                              "application/json");
      return JSON.parse(r.text).token;
    },
    async deploy(token, name, source = HELLO) {
      const r = await control("PUT", `/workers/${name}`, token, source);
      if (r.status !== 201) throw new Error(`deploy ${name}: ${r.status} ${r.text}`);
    },
    async metrics() {
      const text = (await control("GET", "/metrics", "")).text;
      // Summed over the hosts.
      const total = (name) => {
        let sum = 0;
        for (const m of text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, "gm"))) {
          sum += Number(m[1]);
        }
        return sum;
      };
      return { live: total("shoal_live_isolates"),
               compactions: total("shoal_isolate_compactions_total"),
               evictions: total("shoal_isolate_evictions_total") };
    },
    hostPids: () => descendants(proc.child.pid),
    stop: () => proc.stop(),
  };
}

// Deploys `names` with `concurrency` calls in flight; calls progress(done) now and then.
export async function deployAll(serve, token, names, concurrency = 4, progress = () => {}) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      await serve.deploy(token, name);
      if (++done % 100 === 0) progress(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// A workerd config: `count` hello services behind one router (GET /w/I goes to service I;
// GET /load/ID builds a fresh isolate for ID through the Worker Loader).
export function workerdConfig(count, port) {
  const hello = JSON.stringify(HELLO);
  const router = `export default {
    async fetch(request, env) {
      const [, kind, id] = new URL(request.url).pathname.split("/");
      if (kind === "w") return env["w" + id].fetch(request);
      if (kind === "load") {
        return env.LOADER.get("fresh-" + id, () => ({
          compatibilityDate: "2025-01-01", mainModule: "hello.js",
          modules: { "hello.js": ${hello} },
        })).getEntrypoint().fetch(request);
      }
      return new Response("Hello World!");
    } };`;
  const bindings = ['(name = "LOADER", workerLoader = ())'];
  const services = [];
  for (let i = 0; i < count; i++) {
    bindings.push(`(name = "w${i}", service = "w${i}")`);
    services.push(`(name = "w${i}", worker = (modules = [(name = "hello.js", esModule = ${hello})],` +
                  ` compatibilityDate = "2025-01-01"))`);
  }
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "router", worker = (modules = [(name = "router.js", esModule = ${JSON.stringify(router)})],
      compatibilityDate = "2025-01-01", compatibilityFlags = ["experimental"],
      bindings = [${bindings.join(", ")}])),
    ${services.join(",\n    ")}
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "router")],
);\n`;
}

// Polls until GET / on `port` answers; resolves with the time it took since `sinceMs`.
export async function waitServing(port, sinceMs, timeoutMs = 600000) {
  for (;;) {
    try {
      const client = await new Client(port).connect();
      await client.get("localhost");
      client.close();
      return nowMs() - sinceMs;
    } catch {
      if (nowMs() - sinceMs > timeoutMs) throw new Error(`nothing answered on port ${port}`);
      await sleep(5);
    }
  }
}

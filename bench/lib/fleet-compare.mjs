// The many-workers half of bench/compare-peers: workerd with N configured services vs
// `shoal serve --hosts H` with N deployed workers, each invoked once.
//
//   node fleet-compare.mjs SHOAL WORKERD WORKDIR N COLD HOSTS
//
// Prints "key value" lines (read by compare-peers) and writes WORKDIR/rss-shoal.dat and
// WORKDIR/rss-workerd.dat ("live_isolates rss_mib") for the plot.
//
// Definitions (the same for both):
// - RSS per worker: RSS of every process involved (workerd; front end + hosts) once all N
//   workers answered a request, minus the same with none, divided by N.
// - Start-up per worker: time from spawning the server until all N workers answered one
//   request each, minus the same for an empty server, divided by N.
// - Cold start: client-measured latency of a worker's first request when no isolate
//   exists for it. shoal: every worker's first request after a restart. workerd builds
//   all configured workers at start-up, so its on-demand path is the Worker Loader: a
//   fresh id per request (COLD of them).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  Client, deployAll, freePort, nowMs, percentile, rssBytes, sleep, start, startServe,
  waitServing, workerdConfig,
} from "./fleet.mjs";

const [shoal, workerd, work, nText, coldText, hostsText] = process.argv.slice(2);
const N = Number(nText), COLD = Number(coldText), HOSTS = Number(hostsText);
const MiB = 1 << 20;
const say = (key, value) => console.log(`${key} ${value}`);
const note = (text) => process.stderr.write(`  ${text}\n`);

// Invokes each of `hosts` once in order; returns client latencies; calls sample(i) every
// `every` requests.
async function invokeEach(port, targets, every = 0, sample = () => {}) {
  const client = await new Client(port).connect();
  const latencies = [];
  for (let i = 0; i < targets.length; i++) {
    const [host, url] = targets[i];
    const r = await client.get(host, url);
    if (r.status !== 200) throw new Error(`${host}${url}: ${r.status} ${r.body}`);
    latencies.push(r.ms);
    if (every && (i + 1) % every === 0) sample(i + 1);
  }
  client.close();
  return latencies;
}

// --- workerd: a fresh process per size; sizes 0, N/4, N/2, N for the RSS curve.
const workerdPoints = [];
const workerdAt = {};
for (const n of [0, Math.round(N / 4), Math.round(N / 2), N]) {
  const port = await freePort();
  const config = path.join(work, `workerd-${n}.capnp`);
  writeFileSync(config, workerdConfig(n, port));
  const t0 = nowMs();
  const proc = start(workerd, ["serve", config, "--experimental"]);
  const ready = await waitServing(port, t0);
  const targets = Array.from({ length: n }, (_, i) => ["localhost", `/w/${i}`]);
  await invokeEach(port, targets);
  const all = nowMs() - t0;
  await sleep(300);
  const rss = rssBytes(proc.child.pid);
  workerdPoints.push([n, rss / MiB]);
  workerdAt[n] = { all, rss };
  note(`workerd, ${n} services: serving after ${ready.toFixed(0)} ms, all answered after ` +
       `${all.toFixed(0)} ms, RSS ${(rss / MiB).toFixed(1)} MiB`);
  if (n === N) {
    const loads = Array.from({ length: COLD }, (_, i) => ["localhost", `/load/${i}`]);
    const cold = await invokeEach(port, loads);
    say("workerd_cold_p50_ms", percentile(cold, 50).toFixed(2));
    say("workerd_cold_p99_ms", percentile(cold, 99).toFixed(2));
  }
  await proc.stop();
}
say("workerd_rss_per_worker_mib", ((workerdAt[N].rss - workerdAt[0].rss) / N / MiB).toFixed(3));
say("workerd_startup_per_worker_ms", ((workerdAt[N].all - workerdAt[0].all) / N).toFixed(2));

// --- shoal serve: deploy N, restart (hosts start empty), invoke each once.
const dataDir = mkdtempSync(path.join(work, "shoal-data-"));
let serve = await startServe(shoal, { hosts: HOSTS, dataDir });
const token = await serve.tenant("bench");
const names = Array.from({ length: N }, (_, i) => `c${i}`);
const tDeploy = nowMs();
await deployAll(serve, token, names, 4);
note(`shoal: deployed ${N} workers in ${((nowMs() - tDeploy) / 1000).toFixed(1)} s`);
await serve.stop();

const t0 = nowMs();
serve = await startServe(shoal, { hosts: HOSTS, dataDir });
const ready = await waitServing(serve.port, t0);
await sleep(300);
const emptyRss = rssBytes(serve.proc.child.pid);
const shoalPoints = [[0, emptyRss / MiB]];
const tInvoke = nowMs();
const cold = await invokeEach(serve.port, names.map((name) => [`${name}.localhost`, "/"]),
                              Math.max(1, Math.round(N / 10)),
                              (live) => shoalPoints.push([live, rssBytes(serve.proc.child.pid) / MiB]));
const invoking = nowMs() - tInvoke;
const all = ready + invoking;  // without the settling pause before the empty RSS
await sleep(300);
const rss = rssBytes(serve.proc.child.pid);
const { live } = await serve.metrics();
note(`shoal serve --hosts ${HOSTS}: serving after ${ready.toFixed(0)} ms, ${live} live ` +
     `isolates after ${invoking.toFixed(0)} ms of invoking, RSS ` +
     `${(emptyRss / MiB).toFixed(1)} -> ${(rss / MiB).toFixed(1)} MiB`);
await serve.stop();
rmSync(dataDir, { recursive: true, force: true });

say("shoal_rss_per_worker_mib", ((rss - emptyRss) / N / MiB).toFixed(3));
say("shoal_startup_per_worker_ms", ((all - ready) / N).toFixed(2));
say("shoal_cold_p50_ms", percentile(cold, 50).toFixed(2));
say("shoal_cold_p99_ms", percentile(cold, 99).toFixed(2));
const dat = (points) => points.map(([n, mib]) => `${n} ${mib.toFixed(1)}`).join("\n") + "\n";
writeFileSync(path.join(work, "rss-shoal.dat"), dat(shoalPoints));
writeFileSync(path.join(work, "rss-workerd.dat"), dat(workerdPoints));

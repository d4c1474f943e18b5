// How the host hands a request (or a cron trigger's scheduled event) to the worker's code
// and gets its response back: both worker forms (ES module `export default { fetch,
// scheduled }` and the older `addEventListener("fetch", ...)`), `env`, `ctx`, and error
// reporting.

const fetchListeners = [];
let scheduledListeners = 0;  // "scheduled" listeners added (on globalTarget)
let entrypoint = null;  // the default export, when it has a fetch or scheduled method
let env = {};
const INTERNAL = Symbol("worker-glue.js internal");
// Captured: worker code may replace JSON.
const { parse: jsonParse, stringify: jsonStringify } = JSON;

class FetchEvent {
  #request;
  #response = null;
  #responded = false;

  constructor(type, init) {
    if (type !== "fetch") throw new TypeError(`FetchEvent type must be "fetch"`);
    this.#request = init.request;
  }

  get type() { return "fetch"; }
  get request() { return this.#request; }

  respondWith(response) {
    if (this.#responded) {
      throw new DOMException("respondWith() was already called", "InvalidStateError");
    }
    this.#responded = true;
    this.#response = Promise.resolve(response);
  }

  waitUntil(promise) { waitUntil(promise); }
  passThroughOnException() {}

  static responseOf(event) { return event.#responded ? event.#response : null; }
}
internal.setToStringTag(FetchEvent, "FetchEvent");

// The first argument of a module's scheduled(controller, env, ctx).
class ScheduledController {
  #scheduledTime;
  #cron;

  constructor(key, scheduledTime, cron) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#scheduledTime = scheduledTime;
    this.#cron = cron;
  }

  get scheduledTime() { return this.#scheduledTime; }
  get cron() { return this.#cron; }
  // Workers retries a failed event unless told not to; shoal does not retry (yet).
  noRetry() { void this.#cron; }
}
internal.setToStringTag(ScheduledController, "ScheduledController");

// A service-worker script's addEventListener("scheduled", (event) => ...).
class ScheduledEvent extends internal.Event {
  #scheduledTime;
  #cron;
  #pending;

  constructor(key, scheduledTime, cron, pending) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    super("scheduled");
    this.#scheduledTime = scheduledTime;
    this.#cron = cron;
    this.#pending = pending;
  }

  get scheduledTime() { return this.#scheduledTime; }
  get cron() { return this.#cron; }
  noRetry() { void this.#cron; }
  waitUntil(promise) { this.#pending.push(Promise.resolve(promise)); }
}
internal.setToStringTag(ScheduledEvent, "ScheduledEvent");

// Listeners for other event types than "fetch" live on an EventTarget of their own.
const globalTarget = new internal.EventTarget();
const { addEventListener: targetAdd, removeEventListener: targetRemove,
  dispatchEvent: targetDispatch } = internal.EventTarget.prototype;

function addEventListener(type, listener, options = undefined) {
  if (`${type}` !== "fetch") {
    // Counted so that a script with only a scheduled listener loads.
    if (`${type}` === "scheduled" && listener != null) ++scheduledListeners;
    Reflect.apply(targetAdd, globalTarget, [type, listener, options]);
    return;
  }
  if (typeof listener !== "function" &&
      !(listener && typeof listener.handleEvent === "function")) {
    throw new TypeError("addEventListener: the listener must be a function");
  }
  // As in the DOM, adding the same listener twice adds it once.
  if (!fetchListeners.includes(listener)) fetchListeners.push(listener);
}

function removeEventListener(type, listener, options = undefined) {
  if (`${type}` !== "fetch") {
    Reflect.apply(targetRemove, globalTarget, [type, listener, options]);
    return;
  }
  const index = fetchListeners.indexOf(listener);
  if (index >= 0) fetchListeners.splice(index, 1);
}

function dispatchEvent(event) {
  return Reflect.apply(targetDispatch, globalTarget, [event]);
}
internal.defineGlobal("addEventListener", addEventListener);
internal.defineGlobal("removeEventListener", removeEventListener);
internal.defineGlobal("dispatchEvent", dispatchEvent);
internal.defineGlobal("FetchEvent", FetchEvent);
internal.defineGlobal("ScheduledEvent", ScheduledEvent);
internal.defineGlobal("ScheduledController", ScheduledController);

function describeError(error) {
  if (error instanceof Error) return error.stack || `${error.name}: ${error.message}`;
  try {
    return `Uncaught ${typeof error === "string" ? error : JSON.stringify(error)}`;
  } catch {
    return `Uncaught ${String(error)}`;
  }
}
internal.describeError = describeError;

function waitUntil(promise) {
  // The work goes on after the response; a failure there is logged, never dropped.
  Promise.resolve(promise).catch((e) => native.reportUncaught(describeError(e)));
}
internal.waitUntil = waitUntil;

// Called once after the main module evaluated, with its namespace, the text bindings,
// the session bindings (flat [name, value, ...] and [binding, className, ...]), the
// names of its service bindings, the JSON bindings (flat [name, json, ...]: a sandbox's
// env), the names of its loader bindings and the session stubs it was handed (a sandbox's:
// flat [name, binding, id, sessionName or null, ...]).
internal.setEntrypoint = (namespace, vars = [], sessions = [], services = [], jsonVars = [],
                          loaders = [], handedSessions = []) => {
  const main = namespace.default;
  if (main != null && typeof main === "object" &&
      (typeof main.fetch === "function" || typeof main.scheduled === "function" ||
       typeof main.run === "function")) {
    entrypoint = main;
  } else if (fetchListeners.length === 0 && scheduledListeners === 0) {
    throw new TypeError(
        "the worker has no fetch handler: export one with " +
        "`export default { async fetch(request, env, ctx) { ... } }` " +
        "(or a scheduled(controller, env, ctx) handler for cron triggers, or, for a one-shot " +
        "task, run(input, env, ctx))");
  }
  env = {};
  for (let i = 0; i < vars.length; i += 2) env[vars[i]] = vars[i + 1];
  for (const name of services) env[name] = internal.newServiceBinding(name);
  for (let i = 0; i < jsonVars.length; i += 2) env[jsonVars[i]] = jsonParse(jsonVars[i + 1]);
  for (const name of loaders) env[name] = internal.newWorkerLoader(name);
  for (let i = 0; i < handedSessions.length; i += 4) {
    const [name, binding, id, sessionName] = handedSessions.slice(i, i + 4);
    env[name] = internal.newHandedSessionStub(binding, id, sessionName);
  }
  const namespaces = new Map();
  for (let i = 0; i < sessions.length; i += 2) {
    const [binding, className] = [sessions[i], sessions[i + 1]];
    const sessionClass = namespace[className];
    if (typeof sessionClass !== "function") {
      throw new TypeError(`the session binding ${binding} names the class ${className}, ` +
                          "which the main module does not export");
    }
    env[binding] = internal.newSessionNamespace(binding, sessionClass);
    namespaces.set(binding, env[binding]);
  }
  internal.env = env;
  internal.sessionNamespaces = namespaces;
  if (namespaces.size > 0) internal.restoreAlarms(namespaces);
};

async function runHandler(request) {
  if (entrypoint !== null) {
    if (typeof entrypoint.fetch !== "function") {
      throw new TypeError("the worker exports no fetch() handler, so it cannot answer HTTP " +
                          "requests (it has only scheduled())");
    }
    const ctx = { waitUntil, passThroughOnException() {} };
    // Awaited, not returned: returning a promise from an async function looks up its `then`,
    // which worker code may have replaced.
    return await entrypoint.fetch(request, env, ctx);
  }
  const event = new FetchEvent("fetch", { request });
  // As in the DOM: the listeners at dispatch time, less any a listener removes meanwhile.
  for (const listener of [...fetchListeners]) {
    if (!fetchListeners.includes(listener)) continue;
    if (typeof listener === "function") listener.call(globalThis, event);
    else listener.handleEvent(event);
  }
  const response = FetchEvent.responseOf(event);
  if (response === null) {
    throw new TypeError("no fetch listener called event.respondWith()");
  }
  return await response;
}

// Called by the host for each request; answers through native.respond / native.fail
// with the same id.
// Captured: the answer to the host must not depend on what worker code did to Promise.
const { then: promiseThen } = Promise.prototype;
const { apply } = Reflect;

// Sends the chunks of a stream body (internal.chunkReaderForHost) to the host's body `id`: each
// once the host took the one before (the reader's pace), then the end, or a failure that cuts
// it short.
internal.pumpBodyToHost = (id, chunks) => {
  const pump = () => apply(promiseThen, chunks.next(), [(bytes) => {
    if (bytes === null) {
      native.bodyEnd(id, null);
      return;
    }
    apply(promiseThen, native.bodyWrite(id, bytes), [pump, (error) => chunks.cancel(error)]);
  }, (error) => native.bodyEnd(id, describeError(error))]);
  pump();
};

internal.handleFetch = (id, method, url, headerList, body) => {
  const fail = (e) => native.fail(id, describeError(e));
  const respond = (response) => {
    const [status, statusText, headers, bytes, socket] = internal.responseToHost(response);
    native.respond(id, status, statusText, headers, bytes, socket);
  };
  const send = (response) => {
    try {
      if (!(response instanceof internal.Response)) {
        throw new TypeError(
            "the fetch handler must return a Response, or a Promise of one; it returned " +
            (response === null ? "null" : typeof response));
      }
      const chunks = internal.responseChunksForHost(response);
      if (chunks === null) {
        respond(response);
        return;
      }
      // A stream body goes out as it comes: the head now, then the chunks.
      const [status, statusText, headers] = internal.responseHeadToHost(response);
      native.respondStreaming(id, status, statusText, headers);
      internal.pumpBodyToHost(id, chunks);
    } catch (e) {
      fail(e);
    }
  };
  let promise;
  try {
    promise = runHandler(internal.requestFromHost(method, url, headerList, body));
  } catch (e) {
    fail(e);
    return;
  }
  apply(promiseThen, promise, [send, fail]);
};

// Called by the host for a cron trigger; answers through native.scheduledDone(id, error),
// with error null once the handler and everything it handed to waitUntil have succeeded.
internal.handleScheduled = (id, cron, scheduledTime) => {
  const pending = [];
  let promise;
  try {
    if (entrypoint !== null && typeof entrypoint.scheduled === "function") {
      const ctx = {
        waitUntil(p) { pending.push(Promise.resolve(p)); },
        passThroughOnException() {},
      };
      promise = entrypoint.scheduled(new ScheduledController(INTERNAL, scheduledTime, cron),
                                     env, ctx);
    } else if (scheduledListeners > 0) {
      const event = new ScheduledEvent(INTERNAL, scheduledTime, cron, pending);
      internal.dispatchTrustedEvent(globalTarget, event);
    } else {
      throw new TypeError("the worker has no scheduled handler: export one with " +
                          "`export default { async scheduled(controller, env, ctx) { ... } }`");
    }
  } catch (e) {
    promise = Promise.reject(e);
  }
  // waitUntil may be called while earlier work runs: wait until nothing new was added.
  const settle = async () => {
    await promise;
    for (let done = 0; done < pending.length;) {
      const batch = pending.slice(done);
      done = pending.length;
      await Promise.all(batch);
    }
  };
  settle().then(() => native.scheduledDone(id, null),
                (e) => native.scheduledDone(id, describeError(e)));
};

// Called by the host for a one-shot task (IsolateHost.run): the default export's
// run(input, env, ctx) with the input parsed from JSON. Answers through native.runDone(id,
// json, null) with the resolved value as JSON (undefined as null), or native.runDone(id,
// null, error) with the exception and its stack.
internal.handleRun = (id, inputJson) => {
  const run = async () => {
    if (entrypoint === null || typeof entrypoint.run !== "function") {
      throw new TypeError("the task has no run handler: export one with " +
                          "`export default { async run(input, env, ctx) { ... } }`");
    }
    const ctx = { waitUntil, passThroughOnException() {} };
    const value = await entrypoint.run(jsonParse(inputJson), env, ctx);
    const json = jsonStringify(value);
    return json === undefined ? "null" : json;  // undefined, a function, a symbol
  };
  apply(promiseThen, run(), [(json) => native.runDone(id, json, null),
                             (e) => native.runDone(id, null, describeError(e))]);
};

// Runs once in a fresh isolate before any worker's code: the paths every first request
// takes, so their lazy compilation happens ahead of demand, not on a cold start.
internal.warmUp = () => {
  const request = internal.requestFromHost("POST", "http://warm.up/path?q=1",
                                           ["content-type", "text/plain"],
                                           new Uint8Array([104, 105]));
  void request.url, request.method, request.headers.get("content-type");
  const response = new Response("hello", { headers: { "x-warm": "1" } });
  internal.responseToHost(response);
  internal.responseToHost(Response.json({ warm: true }));
  void new URL("https://warm.up/a/b?c=d#e").searchParams.get("c");
  // A request the whole way, as a worker's first takes it: setEntrypoint, handleFetch and
  // the closures it makes (native.respond ignores id 0; the host runs the microtasks that
  // answer it right after this). Then the isolate is as it was, waiting for its worker.
  internal.setEntrypoint({ default: { fetch: () => new Response("warm") } });
  internal.handleFetch(0, "GET", "http://warm.up/", ["accept", "*/*"], null);
  // And a one-shot task's run(input) (native.runDone ignores id 0 too).
  internal.setEntrypoint({ default: { run: (input) => input } });
  internal.handleRun(0, "{\"warm\":[1]}");
  entrypoint = null;
  env = {};
  delete internal.env;
  delete internal.sessionNamespaces;
};

// Called to run the microtasks a host callback queued, as one event.
internal.noop = () => {};

// Sandboxes: env.<name> for a Worker Loader binding, in the shape of Cloudflare's. A sandbox
// is a fresh isolate running code the worker hands over (`get(id, getCode)` or
// `load(code)`), reaching only what it is handed in that code: values and service
// bindings in `env`, an outbound service binding for its fetch(). The isolates are the
// host's (runtime/sandboxes.h); this file checks the code and forwards requests.

const { requireArgs, serviceBindingName, sessionStubParts, sendSubrequest,
        Request: PlatformRequest } = internal;
const INTERNAL = Symbol("loader.js internal");
const { stringify: jsonStringify } = JSON;  // not what worker code may put in its place

// Limits a sandbox's code may ask for (each also capped at the caller's own).
const LIMIT_NAMES = ["cpuMs", "memoryMiB", "subrequests", "wallMs"];

// Loads under way, by sandbox key: concurrent first requests share one getCode() call.
const loading = new Map();
let oneOffCount = 0;

const describe = (value) => (value === null ? "null" : typeof value);

// A module as JavaScript source: a string or { js } is one; { text } and { json } become
// modules whose default export is that value, as in Cloudflare's Worker Loader.
function moduleSource(name, module) {
  if (typeof module === "string") return module;
  if (module !== null && typeof module === "object") {
    if (typeof module.js === "string") return module.js;
    if (typeof module.text === "string") return `export default ${jsonStringify(module.text)};`;
    if (Object.hasOwn(module, "json")) {
      const json = jsonStringify(module.json);
      if (json !== undefined) return `export default ${json};`;
    }
  }
  throw new TypeError(`the sandbox's module ${jsonStringify(name)} must be JavaScript source ` +
                      "(a string, or { js: string }), { text: string } or { json: value }");
}

// The code object, checked, as native.sandboxLoad takes it.
function codeForHost(code) {
  if (code === null || typeof code !== "object") {
    throw new TypeError(`the sandbox's code must be an object ({ mainModule, modules, env }), ` +
                        `not ${describe(code)}`);
  }
  const { mainModule, modules, env = {}, limits = {} } = code;
  if (typeof mainModule !== "string" || mainModule === "") {
    throw new TypeError("the sandbox's code needs a mainModule: the name of one of its modules");
  }
  if (modules === null || typeof modules !== "object") {
    throw new TypeError("the sandbox's code needs modules: { name: source, ... }");
  }
  const moduleList = [];
  for (const name of Object.keys(modules)) {
    moduleList.push(name, moduleSource(name, modules[name]));
  }
  if (!Object.hasOwn(modules, mainModule)) {
    const names = Object.keys(modules).map((n) => jsonStringify(n)).join(", ") || "none";
    throw new TypeError(`the sandbox's mainModule ${jsonStringify(mainModule)} is not one of ` +
                        `its modules (${names})`);
  }
  if (env === null || typeof env !== "object") {
    throw new TypeError("the sandbox's env must be an object");
  }
  const vars = [];
  const jsonVars = [];
  const services = [];
  const sessions = [];
  for (const name of Object.keys(env)) {
    const value = env[name];
    const binding = serviceBindingName(value);
    const session = sessionStubParts(value);
    if (binding !== null) {
      services.push(name, binding);
    } else if (session !== null) {
      sessions.push(name, ...session);
    } else if (typeof value === "string") {
      vars.push(name, value);
    } else {
      let json;
      try {
        json = jsonStringify(value);
      } catch (error) {
        throw new TypeError(`the sandbox's env.${name} cannot be passed: ${error.message}`);
      }
      if (json === undefined) {
        throw new TypeError(`the sandbox's env.${name} cannot be passed: a ${describe(value)} ` +
                            "is not a value (pass strings, JSON values, service bindings or " +
                            "session stubs)");
      }
      jsonVars.push(name, json);
    }
  }
  // Cloudflare names it globalOutbound; both are taken. Absent or null: no network.
  const outboundValue = code.globalOutbound ?? code.outbound ?? null;
  let outbound = null;
  if (outboundValue !== null) {
    outbound = serviceBindingName(outboundValue);
    if (outbound === null) {
      throw new TypeError("the sandbox's outbound must be null (no network) or one of your " +
                          "service bindings (env.SOMETHING), which its fetch() calls then go to");
    }
  }
  if (limits === null || typeof limits !== "object") {
    throw new TypeError("the sandbox's limits must be an object");
  }
  const limitValues = LIMIT_NAMES.map((name) => {
    const value = limits[name];
    if (value === undefined) return null;
    const least = name === "subrequests" ? 0 : 1;
    if (typeof value !== "number" || !Number.isInteger(value) || value < least || value > 2 ** 31) {
      throw new TypeError(`the sandbox's limits.${name} must be an integer of at least ${least}`);
    }
    return value;
  });
  return [mainModule, moduleList, vars, jsonVars, services, sessions, outbound, limitValues];
}

// Makes sure the stub's sandbox is loaded: from its code if the host has none warm.
function ready(stub) {
  const key = WorkerStub.keyOf(stub);
  if (native.sandboxWarm(key)) return Promise.resolve();
  let pending = loading.get(key);
  if (pending === undefined) {
    pending = (async () => {
      try {
        const [main, modules, vars, json, services, sessions, outbound, limits] =
            await WorkerStub.partsOf(stub)();
        await native.sandboxLoad(key, main, modules, vars, json, services, sessions, outbound,
                                 limits, WorkerStub.oneOffOf(stub));
      } finally {
        loading.delete(key);
      }
    })();
    loading.set(key, pending);
  }
  return pending;
}

// What getEntrypoint() gives: a Fetcher whose fetch() reaches the sandbox's default export.
class SandboxEntrypoint {
  #stub;

  constructor(key, stub) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#stub = stub;
  }

  async fetch(input, init = undefined) {
    requireArgs(arguments.length, 1, "fetch");
    const request = new PlatformRequest(input, init);
    await ready(this.#stub);
    return sendSubrequest([WorkerStub.keyOf(this.#stub)], request);
  }
}
internal.setToStringTag(SandboxEntrypoint, "Fetcher");

class WorkerStub {
  #key;
  #getParts;  // () => the code as codeForHost gives it, or a Promise of that
  #oneOff;

  constructor(key, sandboxKey, getParts, oneOff) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#key = sandboxKey;
    this.#getParts = getParts;
    this.#oneOff = oneOff;
  }

  getEntrypoint(name = undefined, options = undefined) {
    void options;
    if (name !== undefined && name !== null) {
      throw new TypeError("getEntrypoint(): named entrypoints are not supported yet; call " +
                          "getEntrypoint() for the sandbox's default export");
    }
    return new SandboxEntrypoint(INTERNAL, this);
  }

  static keyOf(stub) { return stub.#key; }
  static partsOf(stub) { return stub.#getParts; }
  // A one-off sandbox is dropped once its stub is garbage: the host watches the stub.
  static oneOffOf(stub) { return stub.#oneOff ? stub : undefined; }
}
internal.setToStringTag(WorkerStub, "WorkerStub");

class WorkerLoader {
  #binding;

  constructor(key, binding) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#binding = binding;
  }

  // The sandbox for `id`: warm if it ran lately, else made from getCode()'s answer (an
  // object or a Promise of one), called only then.
  get(id, getCode) {
    requireArgs(arguments.length, 2, "WorkerLoader.get");
    if (typeof getCode !== "function") {
      throw new TypeError("WorkerLoader.get(id, getCode): getCode must be a function that " +
                          "returns the sandbox's code ({ mainModule, modules, env })");
    }
    return new WorkerStub(INTERNAL, `${this.#binding}/${id}`,
                          async () => codeForHost(await getCode()), false);
  }

  // A sandbox of its own for `code`, with no id: nobody else reaches it, and it is dropped
  // once this stub is.
  load(code) {
    requireArgs(arguments.length, 1, "WorkerLoader.load");
    const parts = codeForHost(code);  // mistakes now, not at the first request
    return new WorkerStub(INTERNAL, `${this.#binding}#${++oneOffCount}`, () => parts, true);
  }
}
internal.setToStringTag(WorkerLoader, "WorkerLoader");

internal.newWorkerLoader = (binding) => new WorkerLoader(INTERNAL, `${binding}`);

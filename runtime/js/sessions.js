// Sessions: named, single-owner objects with their own SQLite database, compatible with
// Cloudflare Durable Objects. `env.SESSIONS.get(id)` gives a stub; the session's class
// is instantiated on first use in this isolate, and its events (fetch, RPC calls) run one
// at a time, each inside one database transaction committed before its result is
// returned.


const ID_PATTERN = /^[0-9a-f]{64}$/;

// Session databases one isolate keeps open at once (each holds three files); past it the
// least recently used idle one is closed first.
const MAX_OPEN_SESSIONS = 256;
let openSessions = 0;
let useCounter = 0;

class SessionId {
  #hex;
  #name;

  constructor(hex, name) {
    this.#hex = hex;
    this.#name = name;
  }

  get name() { return this.#name; }
  toString() { return this.#hex; }
  toJSON() { return this.#hex; }
  equals(other) { return other instanceof SessionId && other.#hex === this.#hex; }
}
internal.setToStringTag(SessionId, "DurableObjectId");

// Live sessions of this isolate, by binding and id.
const live = new Map();

function sessionEntry(namespace, id) {
  const key = `${namespace.binding}\0${id}`;
  let entry = live.get(key);
  if (entry === undefined) {
    entry = { key, namespace, id, handle: 0, instance: null, queue: Promise.resolve(),
              pending: 0, idleTimer: 0, lastUsed: 0 };
    live.set(key, entry);
  }
  return entry;
}

// Closes an idle session's database and drops its instance; the next event reopens it.
function closeIfIdle(entry) {
  if (entry.pending > 0 || live.get(entry.key) !== entry) return;
  live.delete(entry.key);
  clearTimeout(entry.idleTimer);
  if (entry.handle !== 0) {
    native.sessionClose(entry.handle);
    openSessions--;
  }
  entry.handle = 0;
  entry.instance = null;
}

function makeRoomForOneMore() {
  if (openSessions < MAX_OPEN_SESSIONS) return;
  let oldest = null;
  for (const entry of live.values()) {
    if (entry.handle !== 0 && entry.pending === 0 &&
        (oldest === null || entry.lastUsed < oldest.lastUsed)) {
      oldest = entry;
    }
  }
  if (oldest === null) {
    throw new Error(`too many sessions busy at once in this worker (${MAX_OPEN_SESSIONS})`);
  }
  closeIfIdle(oldest);
}

// Runs `body(instance)` as one event of the session: after every earlier event, inside
// a transaction committed before the result is handed back.
function runEvent(entry, body) {
  entry.pending++;
  clearTimeout(entry.idleTimer);
  const run = async () => {
    entry.lastUsed = ++useCounter;
    if (entry.handle === 0) {
      makeRoomForOneMore();
      entry.handle = native.sessionOpen(entry.namespace.binding, String(entry.id));
      openSessions++;
    }
    native.sessionTransaction(entry.handle, "begin");
    let result;
    try {
      if (entry.instance === null) {
        const ctx = new SessionState(entry);
        entry.instance = new entry.namespace.sessionClass(ctx, internal.env);
      }
      result = await body(entry.instance);
    } catch (error) {
      native.sessionTransaction(entry.handle, "rollback");
      throw error;
    }
    // A failed commit fails the event: its result never leaves, and nothing stays open.
    try {
      native.sessionTransaction(entry.handle, "commit");
    } catch (error) {
      try { native.sessionTransaction(entry.handle, "rollback"); } catch {}
      throw error;
    }
    return result;
  };
  const done = entry.queue.then(run, run);
  entry.queue = done.then(() => {}, () => {});
  entry.queue.then(() => {
    if (--entry.pending === 0) {
      entry.idleTimer = setTimeout(() => closeIfIdle(entry), native.sessionIdleMs());
    }
  });
  return done;
}

// A session that answered with a WebSocket stays open (not idle) until the socket closes:
// its instance holds the socket's other end.
function holdWhileOpen(entry, response) {
  const socket = internal.isResponse(response) ? response.webSocket : null;
  if (socket === null) return response;
  entry.pending++;
  internal.webSocketWhenClosed(socket, () => {
    if (--entry.pending === 0) {
      entry.idleTimer = setTimeout(() => closeIfIdle(entry), native.sessionIdleMs());
    }
  });
  return response;
}

class SqlCursor {
  #columns;
  #rows;
  #next = 0;
  #rowsRead;
  #rowsWritten;

  constructor([columns, rows, rowsRead, rowsWritten]) {
    this.#columns = columns;
    this.#rows = rows;
    this.#rowsRead = rowsRead;
    this.#rowsWritten = rowsWritten;
  }

  get columnNames() { return this.#columns.slice(); }
  get rowsRead() { return this.#rowsRead; }
  get rowsWritten() { return this.#rowsWritten; }

  #object(values) {
    const row = {};
    this.#columns.forEach((name, i) => { row[name] = values[i]; });
    return row;
  }

  next() {
    if (this.#next >= this.#rows.length) return { done: true, value: undefined };
    return { done: false, value: this.#object(this.#rows[this.#next++]) };
  }

  [Symbol.iterator]() { return this; }

  toArray() {
    const out = [];
    for (const row of this) out.push(row);
    return out;
  }

  one() {
    const rows = this.toArray();
    if (rows.length !== 1) {
      throw new Error(`Expected exactly one result from SQL query, but got ${
          rows.length === 0 ? "no results" : "multiple results"}.`);
    }
    return rows[0];
  }

  *raw() {
    while (this.#next < this.#rows.length) yield this.#rows[this.#next++].slice();
  }
}
internal.setToStringTag(SqlCursor, "SqlStorageCursor");

class SqlStorage {
  #entry;
  constructor(entry) { this.#entry = entry; }

  exec(query, ...bindings) {
    return new SqlCursor(native.sqlExec(this.#entry.handle, String(query), bindings, false));
  }

  get databaseSize() { return native.sessionSize(this.#entry.handle); }
}
internal.setToStringTag(SqlStorage, "SqlStorage");

function kvExec(entry, sql, ...params) {
  return native.sqlExec(entry.handle, sql, params, true)[1];
}

function checkKey(key) {
  if (typeof key !== "string") throw new TypeError("storage keys are strings");
  return key;
}

class SessionStorage {
  #entry;
  #sql;

  constructor(entry) {
    this.#entry = entry;
    this.#sql = new SqlStorage(entry);
  }

  get sql() { return this.#sql; }

  async get(keys) {
    if (Array.isArray(keys)) {
      const found = new Map();
      for (const key of keys) {
        const rows = kvExec(this.#entry, "SELECT value FROM _shoal_kv WHERE key = ?",
                            checkKey(key));
        if (rows.length) found.set(key, native.deserialize(rows[0][0]));
      }
      return found;
    }
    const rows = kvExec(this.#entry, "SELECT value FROM _shoal_kv WHERE key = ?",
                        checkKey(keys));
    return rows.length ? native.deserialize(rows[0][0]) : undefined;
  }

  async put(keyOrEntries, value) {
    const entries = typeof keyOrEntries === "object" && keyOrEntries !== null
        ? Object.entries(keyOrEntries) : [[keyOrEntries, value]];
    for (const [key, v] of entries) {
      if (v === undefined) throw new TypeError("storage.put() needs a value; use delete()");
      kvExec(this.#entry, "INSERT OR REPLACE INTO _shoal_kv (key, value) VALUES (?, ?)",
             checkKey(key), native.serialize(v));
    }
  }

  async delete(keys) {
    if (Array.isArray(keys)) {
      let count = 0;
      for (const key of keys) {
        count += native.sqlExec(this.#entry.handle, "DELETE FROM _shoal_kv WHERE key = ?",
                                [checkKey(key)], true)[3];
      }
      return count;
    }
    return native.sqlExec(this.#entry.handle, "DELETE FROM _shoal_kv WHERE key = ?",
                          [checkKey(keys)], true)[3] > 0;
  }

  async list(options = {}) {
    const where = [];
    const params = [];
    if (options.prefix !== undefined) {
      // Keys from the prefix up to (not including) the prefix with its last unit bumped.
      where.push("key >= ?");
      params.push(String(options.prefix));
      where.push("substr(key, 1, ?) = ?");
      params.push(String(options.prefix).length, String(options.prefix));
    }
    if (options.start !== undefined) { where.push("key >= ?"); params.push(String(options.start)); }
    if (options.startAfter !== undefined) {
      where.push("key > ?");
      params.push(String(options.startAfter));
    }
    if (options.end !== undefined) { where.push("key < ?"); params.push(String(options.end)); }
    let sql = "SELECT key, value FROM _shoal_kv";
    if (where.length) sql += " WHERE " + where.join(" AND ");
    sql += options.reverse ? " ORDER BY key DESC" : " ORDER BY key";
    if (options.limit !== undefined) {
      const limit = Number(options.limit);
      if (!(limit > 0)) throw new RangeError("list() limit must be a positive number");
      sql += " LIMIT ?";
      params.push(Math.floor(limit));
    }
    const result = new Map();
    for (const [key, value] of kvExec(this.#entry, sql, ...params)) {
      result.set(key, native.deserialize(value));
    }
    return result;
  }

  transactionSync(body) {
    native.sessionTransaction(this.#entry.handle, "savepoint");
    let result;
    try {
      result = body();
    } catch (error) {
      native.sessionTransaction(this.#entry.handle, "rollbackTo");
      throw error;
    }
    native.sessionTransaction(this.#entry.handle, "release");
    return result;
  }

  async transaction(body) {
    // Events already run one at a time, each in a transaction: a nested one is a savepoint.
    native.sessionTransaction(this.#entry.handle, "savepoint");
    try {
      const result = await body(this);
      native.sessionTransaction(this.#entry.handle, "release");
      return result;
    } catch (error) {
      native.sessionTransaction(this.#entry.handle, "rollbackTo");
      throw error;
    }
  }

  async deleteAll() {
    native.sessionTransaction(this.#entry.handle, "deleteAll");
  }

  async getAlarm() {
    const rows = kvExec(this.#entry, "SELECT at_ms FROM _shoal_alarm WHERE id = 1");
    return rows.length ? rows[0][0] : null;
  }

  async setAlarm(time) {
    const at = time instanceof Date ? time.getTime() : Number(time);
    if (!Number.isFinite(at)) throw new TypeError("setAlarm() takes a Date or milliseconds");
    kvExec(this.#entry, "INSERT OR REPLACE INTO _shoal_alarm (id, at_ms) VALUES (1, ?)", at);
    native.alarmIndexPut(this.#entry.namespace.binding, String(this.#entry.id), at);
    scheduleAlarm(this.#entry, at);
  }

  async deleteAlarm() {
    kvExec(this.#entry, "DELETE FROM _shoal_alarm WHERE id = 1");
    clearTimeout(this.#entry.alarmTimer);
  }
}
internal.setToStringTag(SessionStorage, "DurableObjectStorage");

// Alarms fire while the isolate lives, and after a restart from the alarm index (each
// session's own table is the authority: a stale index entry fires nothing). A failing
// alarm() is retried with back-off.
function scheduleAlarm(entry, at) {
  clearTimeout(entry.alarmTimer);
  entry.alarmTimer = setTimeout(() => alarmDue(entry), Math.max(0, at - Date.now()));
}

// An alarm is due: it fires on the session's own host (this one, unless sessions are
// placed across hosts).
function alarmDue(entry) {
  if (!native.sessionsRouted()) return fireAlarm(entry, 0);
  native.routeSession("alarm", entry.namespace.binding, String(entry.id), entry.id.name)
      .catch((error) => native.reportUncaught(internal.describeError(error)));
}

function fireAlarm(closedOrLive, attempt) {
  // The session may have gone idle and closed since the alarm was set: reopen it.
  const entry = sessionEntry(closedOrLive.namespace, closedOrLive.id);
  return runEvent(entry, async (instance) => {
    const rows = kvExec(entry, "SELECT at_ms FROM _shoal_alarm WHERE id = 1");
    if (!rows.length) return;
    if (rows[0][0] > Date.now() + 1) return scheduleAlarm(entry, rows[0][0]);  // moved later
    kvExec(entry, "DELETE FROM _shoal_alarm WHERE id = 1");
    if (typeof instance.alarm === "function") await instance.alarm({ retryCount: attempt });
  }).then(() => {
    // The index only says where to look after a restart, and a stale entry fires nothing:
    // failing to tidy it (another host has the shared index open) is no reason to run
    // alarm() again.
    try {
      const rows = kvExec(entry, "SELECT at_ms FROM _shoal_alarm WHERE id = 1");
      if (!rows.length) native.alarmIndexDelete(entry.namespace.binding, String(entry.id));
    } catch {}
  }, (error) => {
    native.reportUncaught(internal.describeError(error));
    if (attempt < 5) {
      entry.alarmTimer = setTimeout(() => {
        kvExec(entry, "INSERT OR IGNORE INTO _shoal_alarm (id, at_ms) VALUES (1, ?)", Date.now());
        fireAlarm(entry, attempt + 1);
      }, 100 * 2 ** attempt);
    }
  });
}

class SessionState {
  #entry;
  #storage;

  constructor(entry) {
    this.#entry = entry;
    this.#storage = new SessionStorage(entry);
    // An alarm set before a restart is due now or later.
    const rows = kvExec(entry, "SELECT at_ms FROM _shoal_alarm WHERE id = 1");
    if (rows.length) scheduleAlarm(entry, rows[0][0]);
  }

  get id() { return this.#entry.id; }
  get storage() { return this.#storage; }

  // Events already run one at a time: waiting for `body` is all it takes.
  async blockConcurrencyWhile(body) { return await body(); }

  waitUntil(promise) { internal.waitUntil(promise); }
}
internal.setToStringTag(SessionState, "DurableObjectState");

const STUB_OWN = new Set(["fetch", "id", "name"]);

class SessionStub {
  // The namespace and id, not the live entry: the session may close while idle and open
  // again, and every call must reach the one live instance.
  #namespace;
  #id;

  constructor(namespace, id) {
    this.#namespace = namespace;
    this.#id = id;
  }

  get id() { return this.#id; }
  get name() { return this.#id.name; }

  fetch(input, init) {
    const request = new internal.Request(input, init);
    if (native.sessionsRouted()) {
      // The session lives on the host its id is placed on; a stream body goes as it comes
      // (native.outboundBody), as does the response's.
      const chunks = internal.requestChunksForHost(request);
      let [method, url, headers, body] = internal.requestToHost(request, chunks !== null);
      if (chunks !== null) {
        body = native.outboundBody();
        internal.pumpBodyToHost(body, chunks);
      }
      return native.routeSession("fetch", this.#namespace.binding, String(this.#id),
                                 this.#id.name, method, url, headers, body)
          .then(([status, statusText, headerList, responseBody, socket]) =>
              internal.responseFromHost(status, statusText, headerList, responseBody, "",
                                        false, socket ? internal.remoteWebSocket(socket) : null));
    }
    const entry = sessionEntry(this.#namespace, this.#id);
    return runEvent(entry, (instance) => {
      if (typeof instance.fetch !== "function") {
        throw new TypeError("the session's class has no fetch() method");
      }
      return instance.fetch(request);
    }).then((response) => holdWhileOpen(entry, response));
  }

  static parts(stub) { return [stub.#namespace.binding, String(stub.#id), stub.#id.name ?? null]; }

  // stub.method(...args): a public method of the instance; arguments and result are
  // structured-cloned, as if they crossed a network.
  static call(stub, method, args) {
    if (native.sessionsRouted()) {
      return native.routeSession("rpc", stub.#namespace.binding, String(stub.#id),
                                 stub.#id.name, native.serialize([method, args]))
          .then((result) => native.deserialize(result));
    }
    const copied = structuredClone(args);
    return runEvent(sessionEntry(stub.#namespace, stub.#id), async (instance) => {
      if (typeof instance[method] !== "function") {
        throw new TypeError(`the session has no method ${method}()`);
      }
      return structuredClone(await instance[method](...copied));
    });
  }
}
internal.setToStringTag(SessionStub, "DurableObject");

// Each stub (the Proxy worker code holds) -> its SessionStub.
const stubTargets = new WeakMap();

function newStub(namespace, id) {
  const stub = new SessionStub(namespace, id);
  const proxy = new Proxy(stub, {
    get(target, property) {
      if (typeof property !== "string" || STUB_OWN.has(property)) {
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      // Not thenable: `await stub` must give the stub.
      if (property === "then") return undefined;
      return (...args) => SessionStub.call(target, property, args);
    },
  });
  stubTargets.set(proxy, stub);
  return proxy;
}

// For loader.js: [binding, id, name or null] of a session stub; null for any other value.
internal.sessionStubParts = (value) => {
  const stub = stubTargets.get(value);
  return stub === undefined ? null : SessionStub.parts(stub);
};

// A stub for a session handed to this isolate (a sandbox's env): its events go out
// through native.routeSession, to the session's own worker.
internal.newHandedSessionStub = (binding, id, name) =>
    newStub(new SessionNamespace(binding, null), new SessionId(id, name ?? undefined));

class SessionNamespace {
  #binding;
  #sessionClass;

  constructor(binding, sessionClass) {
    this.#binding = binding;
    this.#sessionClass = sessionClass;
  }

  get binding() { return this.#binding; }
  get sessionClass() { return this.#sessionClass; }

  idFromName(name) {
    name = String(name);
    return new SessionId(native.sessionIdFromName(this.#binding, name), name);
  }

  newUniqueId() { return new SessionId(native.sessionNewUniqueId(), undefined); }

  idFromString(hex) {
    hex = String(hex);
    if (!ID_PATTERN.test(hex)) {
      throw new TypeError("Invalid session id: expected 64 lowercase hex digits");
    }
    return new SessionId(hex, undefined);
  }

  get(id) {
    if (!(id instanceof SessionId)) throw new TypeError("get() takes an id from this namespace");
    return newStub(this, id);
  }
}
internal.setToStringTag(SessionNamespace, "DurableObjectNamespace");

internal.newSessionNamespace = (binding, sessionClass) =>
    new SessionNamespace(binding, sessionClass);

// After start-up: schedule the alarms sessions set before this isolate existed.
// An event for a session placed on this host, sent by a stub on another host (see
// Worker::runSession); answers through native.sessionDone.
internal.handleSessionEvent = (requestId, kind, binding, id, name, ...payload) => {
  const done = (...outcome) => native.sessionDone(requestId, ...outcome);
  const namespace = internal.sessionNamespaces?.get(binding);
  if (namespace === undefined) return done("error", `no session binding ${binding}`);
  const entry = sessionEntry(namespace, new SessionId(id, name));
  let work;
  if (kind === "fetch") {
    const request = internal.requestFromHost(...payload);
    work = runEvent(entry, (instance) => {
      if (typeof instance.fetch !== "function") {
        throw new TypeError("the session's class has no fetch() method");
      }
      return instance.fetch(request);
    }).then((response) => {
      if (!internal.isResponse(response)) {
        throw new TypeError("a session's fetch() must return a Response");
      }
      holdWhileOpen(entry, response);
      const chunks = internal.responseChunksForHost(response);
      if (chunks === null) return done("response", ...internal.responseToHost(response));
      // A stream body goes as it comes: the head now, then the chunks.
      done("response-head", ...internal.responseHeadToHost(response));
      internal.pumpBodyToHost(requestId, chunks);
    });
  } else if (kind === "rpc") {
    const [method, args] = native.deserialize(payload[0]);
    work = runEvent(entry, async (instance) => {
      if (typeof instance[method] !== "function") {
        throw new TypeError(`the session has no method ${method}()`);
      }
      return instance[method](...args);
    }).then((result) => done("rpc", native.serialize(result)));
  } else {
    work = fireAlarm(entry, 0).then(() => done("alarm"));
  }
  work.catch((error) => done("error", error instanceof Error ? `${error.name}: ${error.message}`
                                                             : String(error)));
};

internal.restoreAlarms = (namespaces) => {
  for (const [binding, id, at] of native.alarmIndexAll()) {
    const namespace = namespaces.get(binding);
    if (namespace === undefined) continue;  // the binding is gone in this version
    scheduleAlarm(sessionEntry(namespace, new SessionId(id, undefined)), at);
  }
};

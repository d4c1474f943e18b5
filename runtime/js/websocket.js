// WebSocket, WebSocketPair, MessageEvent and CloseEvent, server side, as Workers has them.
// The two ends of a pair talk to each other. The end a worker returns as a 101 response's
// `webSocket` stands for the client from then on: what its peer sends goes to the host
// (native.webSocketSend/webSocketClose), and what the client sends arrives through
// internal.webSocketEvent. A session on another host answers with a "remote" end
// (internal.remoteWebSocket): one the worker can only pass on in its own 101 response,
// and which the host then connects straight through.

const { setToStringTag, defineGlobal, dictionary, makeMembersEnumerable, requireArgs } = internal;
const KEY = Symbol("websocket.js internal");
const queueTask = queueMicrotask;  // captured: worker code may replace the global

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

class MessageEvent extends internal.Event {
  #data;

  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'MessageEvent'");
    const init = dictionary(eventInitDict, "Failed to construct 'MessageEvent': eventInitDict");
    super(type, init);
    this.#data = init.data === undefined ? null : init.data;
  }

  get data() { return this.#data; }
}
makeMembersEnumerable(MessageEvent);
setToStringTag(MessageEvent, "MessageEvent");

class CloseEvent extends internal.Event {
  #code;
  #reason;
  #wasClean;

  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'CloseEvent'");
    const init = dictionary(eventInitDict, "Failed to construct 'CloseEvent': eventInitDict");
    super(type, init);
    this.#code = init.code === undefined ? 0 : Number(init.code) & 0xffff;
    this.#reason = init.reason === undefined ? "" : `${init.reason}`;
    this.#wasClean = Boolean(init.wasClean);
  }

  get code() { return this.#code; }
  get reason() { return this.#reason; }
  get wasClean() { return this.#wasClean; }
}
makeMembersEnumerable(CloseEvent);
setToStringTag(CloseEvent, "CloseEvent");

// Ends standing for a client across the host, by the id the host gave them.
const hostEnds = new Map();

class WebSocket extends internal.EventTarget {
  #peer = null;        // the other end of the pair
  #hostId = 0;         // nonzero: this end stands for a client, across the host
  #accepted = false;
  #readyState = OPEN;
  #pending = [];       // events that came before accept()
  #remote = false;     // a session's socket from another host: pass-through only
  #closedCallbacks = null;  // shared by both ends of the pair: run once it is closed

  constructor(key = undefined) {
    if (key !== KEY) {
      throw new TypeError("Illegal constructor: a worker accepts WebSockets with " +
                          "`new WebSocketPair()`; connecting out (new WebSocket(url)) is not " +
                          "supported");
    }
    super();
  }

  static pair() {
    const client = new WebSocket(KEY);
    const server = new WebSocket(KEY);
    client.#peer = server;
    server.#peer = client;
    client.#closedCallbacks = server.#closedCallbacks = [];
    return [client, server];
  }

  static remote(id) {
    const socket = new WebSocket(KEY);
    socket.#hostId = id;
    socket.#remote = true;
    socket.#closedCallbacks = [];
    return socket;
  }

  // Both ends closed: whoever waits for that (a session's idle timer) hears it, once.
  #setClosed() {
    this.#readyState = CLOSED;
    if (this.#peer !== null) this.#peer.#readyState = CLOSED;
    if (this.#closedCallbacks === null) return;
    for (const callback of this.#closedCallbacks.splice(0)) callback();
  }

  static whenClosed(socket, callback) {
    if (socket.#readyState === CLOSED) return callback();
    socket.#closedCallbacks.push(callback);
  }

  get readyState() { return this.#readyState; }
  get url() { return (this.#readyState, null); }
  get protocol() { return (this.#readyState, ""); }
  get extensions() { return (this.#readyState, ""); }

  accept() {
    if (this.#remote) {
      throw new TypeError("This WebSocket belongs to a session on another host: return it in " +
                          "a 101 response ({ status: 101, webSocket }) to hand it to the client");
    }
    if (this.#hostId !== 0) {
      throw new TypeError("This end of the WebSocketPair was sent to the client in a " +
                          "response; accept() the other end");
    }
    if (this.#accepted) return;
    this.#accepted = true;
    const pending = this.#pending;
    this.#pending = [];
    // After the caller's own code, so that listeners it adds next see them.
    for (const event of pending) queueTask(() => this.#dispatch(event));
  }

  send(message) {
    requireArgs(arguments.length, 1, "WebSocket.send");
    if (!this.#accepted) {
      throw new TypeError("You must call accept() on this WebSocket before sending messages.");
    }
    if (this.#readyState !== OPEN) {
      throw new TypeError("Can't call WebSocket send() after close().");
    }
    let data;
    if (typeof message === "string") {
      data = message;
    } else {
      const bytes = native.copyBytes(message);
      data = bytes === null ? `${message}` : bytes;
    }
    this.#peer.#receive("message", data);
  }

  close(code = undefined, reason = undefined) {
    if (code !== undefined) {
      code = Number(code);
      if (code !== 1000 && !(code >= 3000 && code <= 4999)) {
        throw new internal.DOMException(
            `The close code must be 1000 or from 3000 to 4999; ${code} is neither.`,
            "InvalidAccessError");
      }
    }
    reason = reason === undefined ? "" : `${reason}`;
    if (internal.utf8Encode(reason).length > 123) {
      throw new internal.DOMException("The close reason must be at most 123 bytes of UTF-8.",
                                      "SyntaxError");
    }
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    this.#readyState = CLOSING;
    this.#peer.#receive("close", code === undefined ? 1005 : code, reason);
  }

  // Something this end's peer sent it.
  #receive(kind, a, b) {
    if (this.#hostId !== 0) {
      // This end stands for the client: the host takes it there.
      if (kind === "message") {
        native.webSocketSend(this.#hostId, a);
      } else {
        native.webSocketClose(this.#hostId, a, b);
      }
      return;
    }
    let event;
    if (kind === "message") {
      // Binary messages arrive as ArrayBuffers, as in browsers and Workers.
      event = new MessageEvent("message", { data: typeof a === "string" ? a : a.buffer });
    } else {
      // The close handshake ends here: both ends are closed.
      this.#setClosed();
      event = new CloseEvent("close", { code: a, reason: b, wasClean: true });
    }
    if (!this.#accepted) {
      this.#pending.push(event);
    } else {
      queueTask(() => this.#dispatch(event));
    }
  }

  #dispatch(event) { internal.dispatchTrustedEvent(this, event); }

  // The client end of a 101 response: from now on it stands for the client. Returns the id
  // the host knows it by; what its peer sent before is passed on now.
  static attachToHost(socket) {
    if (socket.#remote) {
      // Passed on: the host connects it straight through, once.
      socket.#remote = false;
      return socket.#hostId;
    }
    if (socket.#hostId !== 0 || socket.#accepted) {
      throw new TypeError("The response's webSocket must be the unaccepted end of a " +
                          "WebSocketPair, not already sent or accepted");
    }
    socket.#hostId = native.webSocketNewId();
    hostEnds.set(socket.#hostId, socket);
    const pending = socket.#pending;
    socket.#pending = [];
    for (const event of pending) {
      if (event.type === "message") {
        native.webSocketSend(socket.#hostId, event.data);
      } else {
        native.webSocketClose(socket.#hostId, event.code, event.reason);
      }
    }
    return socket.#hostId;
  }

  // From the host: the client sent a message (text, or a Uint8Array for binary) or closed.
  static fromHost(id, kind, a, b) {
    const end = hostEnds.get(id);
    if (end === undefined) return;
    const server = end.#peer;
    if (kind === "message") {
      if (server.#readyState === OPEN) server.#receive("message", a);
      return;
    }
    hostEnds.delete(id);
    end.#hostId = 0;
    const wasOpen = server.#readyState !== CLOSED;
    end.#setClosed();
    if (wasOpen) {
      const event = new CloseEvent("close", { code: a, reason: b, wasClean: a !== 1006 });
      if (!server.#accepted) {
        server.#pending.push(event);
      } else {
        queueTask(() => server.#dispatch(event));
      }
    }
  }

  static isWebSocket(value) {
    return typeof value === "object" && value !== null && #peer in value;
  }
}
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(WebSocket, name, { value, enumerable: true });
  Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
}
const { pair, remote, whenClosed, attachToHost, fromHost, isWebSocket } = WebSocket;
for (const name of ["pair", "remote", "whenClosed", "attachToHost", "fromHost", "isWebSocket"]) {
  delete WebSocket[name];
}
makeMembersEnumerable(WebSocket);
setToStringTag(WebSocket, "WebSocket");

// `new WebSocketPair()`: {0: client, 1: server}; return the client in a 101 response and
// accept() the server.
class WebSocketPair {
  constructor() {
    const [client, server] = pair();
    Object.defineProperty(this, 0, { value: client, enumerable: true });
    Object.defineProperty(this, 1, { value: server, enumerable: true });
  }
}
setToStringTag(WebSocketPair, "WebSocketPair");

internal.isWebSocket = isWebSocket;
internal.webSocketForHost = attachToHost;
internal.webSocketEvent = fromHost;
internal.remoteWebSocket = remote;
internal.webSocketWhenClosed = whenClosed;

defineGlobal("WebSocket", WebSocket);
defineGlobal("WebSocketPair", WebSocketPair);
defineGlobal("MessageEvent", MessageEvent);
defineGlobal("CloseEvent", CloseEvent);

// DOM events and aborting: Event, CustomEvent, EventTarget, AbortController, AbortSignal;
// and performance (now, timeOrigin).

const {
  DOMException, setToStringTag, defineGlobal, dictionary, makeMembersEnumerable,
} = internal;

// Intrinsics captured before worker code can replace them.
const apply = Reflect.apply;
const dateNow = Date.now;
const setTimer = globalThis.setTimeout;
const arrayFrom = Array.from;
const isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");

// The clock: Date.now() is frozen while JavaScript runs (runtime/frozen-clock.h), so
// performance.now() does not advance during pure computation either, as in Workers.
let timeOrigin = apply(dateNow, Date, []);
const sinceOrigin = () => apply(dateNow, Date, []) - timeOrigin;
// Called by the host in each isolate made from the startup snapshot, whose origin would
// otherwise be the snapshot's (runtime/startup-snapshot.h).
internal.resetTimeOrigin = () => { timeOrigin = apply(dateNow, Date, []); };

function reportListenerError(error) {
  const describe = internal.describeError;
  let text;
  try {
    text = typeof describe === "function" ? describe(error) : `Uncaught ${String(error)}`;
  } catch {
    text = "Uncaught exception in an event listener";
  }
  native.reportUncaught(text);
}

function defineConstants(cls, constants) {
  for (const [name, value] of Object.entries(constants)) {
    const desc = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(cls, name, desc);
    Object.defineProperty(cls.prototype, name, desc);
  }
}

// ===========================================================================
// Event

const NONE = 0;
const CAPTURING_PHASE = 1;
const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

let isEvent;
let eventState;  // (event) -> internal accessors used by EventTarget's dispatch

class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #timeStamp;
  #trusted = false;
  #canceled = false;
  #stopPropagation = false;
  #stopImmediate = false;
  #inPassiveListener = false;
  #dispatching = false;
  #target = null;
  #currentTarget = null;
  #phase = NONE;

  constructor(type, eventInitDict = undefined) {
    if (arguments.length < 1) {
      throw new TypeError("Failed to construct 'Event': 1 argument required (the event type)");
    }
    const init = dictionary(eventInitDict, "Failed to construct 'Event': eventInitDict");
    this.#type = `${type}`;
    this.#bubbles = !!init.bubbles;
    this.#cancelable = !!init.cancelable;
    this.#composed = !!init.composed;
    this.#timeStamp = sinceOrigin();
  }

  get type() { return this.#type; }
  get target() { return this.#target; }
  get srcElement() { return this.#target; }
  get currentTarget() { return this.#currentTarget; }
  composedPath() {
    return this.#currentTarget === null ? [] : [this.#currentTarget];
  }
  get eventPhase() { return this.#phase; }

  stopPropagation() { this.#stopPropagation = true; }
  get cancelBubble() { return this.#stopPropagation; }
  set cancelBubble(value) {
    if (value) this.#stopPropagation = true;
  }
  stopImmediatePropagation() {
    this.#stopPropagation = true;
    this.#stopImmediate = true;
  }

  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get returnValue() { return !this.#canceled; }
  set returnValue(value) {
    if (!value) this.#setCanceled();
  }
  preventDefault() { this.#setCanceled(); }
  get defaultPrevented() { return this.#canceled; }
  get composed() { return this.#composed; }
  get isTrusted() { return this.#trusted; }
  get timeStamp() { return this.#timeStamp; }

  // Legacy initializer: does nothing while the event is being dispatched.
  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length < 1) {
      throw new TypeError("Event.initEvent: 1 argument required (the event type)");
    }
    if (this.#dispatching) return;
    this.#stopPropagation = false;
    this.#stopImmediate = false;
    this.#canceled = false;
    this.#trusted = false;
    this.#target = null;
    this.#type = `${type}`;
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  #setCanceled() {
    if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
  }

  static {
    isEvent = (value) => isObject(value) && #type in value;
    eventState = {
      dispatching: (e) => e.#dispatching,
      type: (e) => e.#type,
      begin(e, target, trusted) {
        e.#dispatching = true;
        e.#trusted = trusted;
        e.#target = target;
        e.#currentTarget = target;
        e.#phase = AT_TARGET;
      },
      end(e) {
        e.#dispatching = false;
        e.#phase = NONE;
        e.#currentTarget = null;
        e.#stopPropagation = false;
        e.#stopImmediate = false;
        return !e.#canceled;
      },
      stopped: (e) => e.#stopPropagation,
      stoppedImmediately: (e) => e.#stopImmediate,
      setPassive(e, passive) { e.#inPassiveListener = passive; },
    };
  }
}
makeMembersEnumerable(Event);
defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
setToStringTag(Event, "Event");

class CustomEvent extends Event {
  #detail;

  constructor(type, eventInitDict = undefined) {
    if (arguments.length < 1) {
      throw new TypeError(
          "Failed to construct 'CustomEvent': 1 argument required (the event type)");
    }
    const init = dictionary(eventInitDict, "Failed to construct 'CustomEvent': eventInitDict");
    super(type, init);
    this.#detail = init.detail === undefined ? null : init.detail;
  }

  get detail() { return this.#detail; }

  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    if (arguments.length < 1) {
      throw new TypeError("CustomEvent.initCustomEvent: 1 argument required (the event type)");
    }
    if (eventState.dispatching(this)) return;
    this.initEvent(type, bubbles, cancelable);
    this.#detail = detail;
  }
}
makeMembersEnumerable(CustomEvent);
setToStringTag(CustomEvent, "CustomEvent");

// ===========================================================================
// EventTarget

let isEventTarget;
let dispatchTrusted;  // (target, event) -> boolean: dispatches with isTrusted true
let addListener;      // (target, type, function): an internal listener
let abortSignalAdd;  // (signal, algorithm) -> void; set by AbortSignal below
let abortSignalIsAborted;

// addEventListener / removeEventListener options: a boolean is `capture`.
function flattenOptions(options) {
  if (typeof options === "boolean" || !isObject(options)) return { capture: !!options };
  return options;
}

function checkListener(callback, what) {
  if (callback === null || callback === undefined) return null;
  if (!isObject(callback)) {
    throw new TypeError(`${what}: the listener must be a function or an object with a ` +
        "handleEvent method");
  }
  return callback;
}

class EventTarget {
  // type -> array of listener records { callback, capture, once, passive, removed }
  #listeners = new Map();

  constructor() {}

  addEventListener(type, callback, options = undefined) {
    if (arguments.length < 2) {
      throw new TypeError("EventTarget.addEventListener: 2 arguments required (type and " +
          "listener)");
    }
    EventTarget.#check(this, "addEventListener");
    type = `${type}`;
    callback = checkListener(callback, "EventTarget.addEventListener");
    const flat = flattenOptions(options);
    const capture = !!flat.capture;
    const once = isObject(options) ? !!flat.once : false;
    const passive = isObject(options) ? !!flat.passive : false;
    const signal = isObject(options) ? flat.signal : undefined;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new TypeError("EventTarget.addEventListener: options.signal must be an AbortSignal");
    }
    if (callback === null) return;
    if (signal !== undefined && abortSignalIsAborted(signal)) return;
    let list = this.#listeners.get(type);
    if (list === undefined) {
      list = [];
      this.#listeners.set(type, list);
    }
    for (const record of list) {
      if (record.callback === callback && record.capture === capture) return;
    }
    const record = { callback, capture, once, passive, removed: false };
    list.push(record);
    if (signal !== undefined) {
      abortSignalAdd(signal, () => this.#remove(type, record));
    }
  }

  removeEventListener(type, callback, options = undefined) {
    if (arguments.length < 2) {
      throw new TypeError("EventTarget.removeEventListener: 2 arguments required (type and " +
          "listener)");
    }
    EventTarget.#check(this, "removeEventListener");
    type = `${type}`;
    callback = checkListener(callback, "EventTarget.removeEventListener");
    const capture = !!flattenOptions(options).capture;
    const list = this.#listeners.get(type);
    if (list === undefined || callback === null) return;
    for (const record of list) {
      if (record.callback === callback && record.capture === capture) {
        this.#remove(type, record);
        return;
      }
    }
  }

  dispatchEvent(event) {
    if (arguments.length < 1) {
      throw new TypeError("EventTarget.dispatchEvent: 1 argument required (an Event)");
    }
    EventTarget.#check(this, "dispatchEvent");
    if (!isEvent(event)) {
      throw new TypeError("EventTarget.dispatchEvent: the argument must be an Event");
    }
    if (eventState.dispatching(event)) {
      throw new DOMException("The event is already being dispatched.", "InvalidStateError");
    }
    return this.#dispatch(event, false);
  }

  #remove(type, record) {
    record.removed = true;
    const list = this.#listeners.get(type);
    if (list === undefined) return;
    const index = list.indexOf(record);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.#listeners.delete(type);
  }

  #dispatch(event, trusted) {
    const type = eventState.type(event);
    eventState.begin(event, this, trusted);
    try {
      const list = this.#listeners.get(type);
      if (list !== undefined) {
        // The listeners at dispatch time, less any removed meanwhile; at the target,
        // capturing listeners run before the others.
        const snapshot = arrayFrom(list);
        for (const capturePass of [true, false]) {
          for (const record of snapshot) {
            if (record.capture !== capturePass || record.removed) continue;
            if (record.once) this.#remove(type, record);
            this.#invoke(event, record);
            if (eventState.stoppedImmediately(event)) break;
          }
          if (eventState.stoppedImmediately(event)) break;
        }
      }
    } finally {
      eventState.setPassive(event, false);
    }
    return eventState.end(event);
  }

  #invoke(event, record) {
    eventState.setPassive(event, record.passive);
    try {
      const callback = record.callback;
      if (typeof callback === "function") {
        apply(callback, this, [event]);
      } else {
        const handleEvent = callback.handleEvent;
        if (typeof handleEvent !== "function") {
          throw new TypeError("The event listener object has no handleEvent method");
        }
        apply(handleEvent, callback, [event]);
      }
    } catch (error) {
      // As the DOM says: reported, and the remaining listeners still run.
      reportListenerError(error);
    } finally {
      eventState.setPassive(event, false);
    }
  }

  static #check(self, what) {
    if (!(isObject(self) && #listeners in self)) {
      throw new TypeError(`EventTarget.${what}: 'this' is not an EventTarget`);
    }
  }

  static {
    isEventTarget = (value) => isObject(value) && #listeners in value;
    dispatchTrusted = (target, event) => target.#dispatch(event, true);
    addListener = (target, type, callback) => {
      const list = target.#listeners.get(type);
      const record = { callback, capture: false, once: false, passive: false, removed: false };
      if (list === undefined) target.#listeners.set(type, [record]);
      else list.push(record);
    };
  }
}
makeMembersEnumerable(EventTarget);
setToStringTag(EventTarget, "EventTarget");

// ===========================================================================
// AbortSignal, AbortController

const SIGNAL_KEY = Symbol("AbortSignal");
let isAbortSignal;
let signalAbort;      // (signal, reason) -> void
let newAbortSignal;   // () -> a fresh, not aborted signal

const abortError = () =>
  new DOMException("The operation was aborted", "AbortError");

// Web IDL [EnforceRange] unsigned long long.
function enforceRangeULL(value, what) {
  const n = +value;
  if (!Number.isFinite(n)) {
    throw new TypeError(`${what}: the value must be a finite number`);
  }
  const t = Math.trunc(n);
  if (t < 0 || t > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(`${what}: the value is outside the range 0 to 2^53 - 1`);
  }
  return t === 0 ? 0 : t;
}

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #algorithms = new Set();
  #onabort = null;
  #onabortListener = null;
  #dependent = false;
  #sources = new Set();     // for a dependent signal: the signals it follows
  #dependents = new Set();  // signals following this one

  constructor(key = undefined) {
    if (key !== SIGNAL_KEY) {
      throw new TypeError("Illegal constructor: use `new AbortController().signal`, " +
          "AbortSignal.abort(), AbortSignal.timeout() or AbortSignal.any()");
    }
    super();
  }

  static abort(reason = undefined) {
    const signal = new AbortSignal(SIGNAL_KEY);
    signal.#aborted = true;
    signal.#reason = reason === undefined ? abortError() : reason;
    return signal;
  }

  static timeout(milliseconds) {
    if (arguments.length < 1) {
      throw new TypeError("AbortSignal.timeout: 1 argument required (milliseconds)");
    }
    const ms = enforceRangeULL(milliseconds, "AbortSignal.timeout");
    const signal = new AbortSignal(SIGNAL_KEY);
    apply(setTimer, globalThis, [() => {
      AbortSignal.#signalAbort(signal,
          new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, ms]);
    return signal;
  }

  static any(signals) {
    if (arguments.length < 1) {
      throw new TypeError("AbortSignal.any: 1 argument required (a sequence of AbortSignals)");
    }
    if (!isObject(signals) || typeof signals[Symbol.iterator] !== "function") {
      throw new TypeError("AbortSignal.any: the argument must be a sequence of AbortSignals");
    }
    const list = arrayFrom(signals);
    for (const s of list) {
      if (!isAbortSignal(s)) {
        throw new TypeError("AbortSignal.any: every element must be an AbortSignal");
      }
    }
    const result = new AbortSignal(SIGNAL_KEY);
    for (const s of list) {
      if (s.#aborted) {
        result.#aborted = true;
        result.#reason = s.#reason;
        return result;
      }
    }
    result.#dependent = true;
    for (const s of list) {
      const sources = s.#dependent ? s.#sources : [s];
      for (const source of sources) {
        if (source.#aborted) continue;
        result.#sources.add(source);
        source.#dependents.add(result);
      }
    }
    return result;
  }

  get aborted() {
    AbortSignal.#check(this, "aborted");
    return this.#aborted;
  }

  get reason() {
    AbortSignal.#check(this, "reason");
    return this.#reason;
  }

  throwIfAborted() {
    AbortSignal.#check(this, "throwIfAborted");
    if (this.#aborted) throw this.#reason;
  }

  get onabort() {
    AbortSignal.#check(this, "onabort");
    return this.#onabort;
  }

  set onabort(value) {
    AbortSignal.#check(this, "onabort");
    // [LegacyTreatNonObjectAsNull] EventHandler.
    this.#onabort = isObject(value) ? value : null;
    if (this.#onabort !== null && this.#onabortListener === null) {
      // The handler's place among the listeners is fixed when it is first set.
      this.#onabortListener = (event) => {
        const handler = this.#onabort;
        if (typeof handler === "function") apply(handler, this, [event]);
      };
      addListener(this, "abort", this.#onabortListener);
    }
  }

  static #signalAbort(signal, reason) {
    if (signal.#aborted) return;
    signal.#aborted = true;
    signal.#reason = reason === undefined ? abortError() : reason;
    const dependents = [];
    for (const d of signal.#dependents) {
      if (d.#aborted) continue;
      d.#aborted = true;
      d.#reason = signal.#reason;
      dependents.push(d);
    }
    signal.#dependents.clear();
    AbortSignal.#runAbortSteps(signal);
    for (const d of dependents) AbortSignal.#runAbortSteps(d);
  }

  static #runAbortSteps(signal) {
    const algorithms = arrayFrom(signal.#algorithms);
    signal.#algorithms.clear();
    for (const source of signal.#sources) source.#dependents.delete(signal);
    signal.#sources.clear();
    for (const algorithm of algorithms) {
      try {
        algorithm(signal.#reason);
      } catch (error) {
        reportListenerError(error);
      }
    }
    dispatchTrusted(signal, new Event("abort"));
  }

  static #check(self, what) {
    if (!(isObject(self) && #aborted in self)) {
      throw new TypeError(`AbortSignal.${what}: 'this' is not an AbortSignal`);
    }
  }

  static {
    isAbortSignal = (value) => isObject(value) && #aborted in value;
    signalAbort = (signal, reason) => AbortSignal.#signalAbort(signal, reason);
    newAbortSignal = () => new AbortSignal(SIGNAL_KEY);
    abortSignalIsAborted = (signal) => signal.#aborted;
    // Runs `algorithm(reason)` when `signal` aborts (never if it already has); returns a
    // function that unregisters it.
    abortSignalAdd = (signal, algorithm) => {
      if (signal.#aborted) return () => {};
      signal.#algorithms.add(algorithm);
      return () => { signal.#algorithms.delete(algorithm); };
    };
  }
}
for (const name of ["abort", "timeout", "any"]) {
  Object.defineProperty(AbortSignal, name, { enumerable: true });
}
makeMembersEnumerable(AbortSignal);
setToStringTag(AbortSignal, "AbortSignal");

class AbortController {
  #signal = newAbortSignal();

  constructor() {}

  get signal() {
    AbortController.#check(this, "signal");
    return this.#signal;
  }

  abort(reason = undefined) {
    AbortController.#check(this, "abort");
    signalAbort(this.#signal, reason);
  }

  static #check(self, what) {
    if (!(isObject(self) && #signal in self)) {
      throw new TypeError(`AbortController.${what}: 'this' is not an AbortController`);
    }
  }
}
makeMembersEnumerable(AbortController);
setToStringTag(AbortController, "AbortController");

// ===========================================================================
// performance

const PERFORMANCE_KEY = Symbol("Performance");
class Performance {
  #brand = true;

  constructor(key = undefined) {
    if (key !== PERFORMANCE_KEY) {
      throw new TypeError("Illegal constructor: use the global `performance` object");
    }
  }

  get timeOrigin() {
    Performance.#check(this, "timeOrigin");
    return timeOrigin;
  }

  now() {
    Performance.#check(this, "now");
    return sinceOrigin();
  }

  toJSON() {
    Performance.#check(this, "toJSON");
    return { timeOrigin };
  }

  static #check(self, what) {
    if (!(isObject(self) && #brand in self)) {
      throw new TypeError(`Performance.${what}: 'this' is not a Performance object; call it ` +
          `as performance.${what}()`);
    }
  }
}
makeMembersEnumerable(Performance);
setToStringTag(Performance, "Performance");
const performance = new Performance(PERFORMANCE_KEY);

// ===========================================================================

internal.Event = Event;
internal.CustomEvent = CustomEvent;
internal.EventTarget = EventTarget;
internal.AbortSignal = AbortSignal;
internal.AbortController = AbortController;
internal.isEvent = isEvent;
internal.isEventTarget = isEventTarget;
internal.isAbortSignal = isAbortSignal;
internal.newAbortSignal = newAbortSignal;
internal.signalAbort = signalAbort;
internal.abortSignalAdd = abortSignalAdd;
internal.dispatchTrustedEvent = dispatchTrusted;
internal.performanceNow = sinceOrigin;

defineGlobal("Event", Event);
defineGlobal("CustomEvent", CustomEvent);
defineGlobal("EventTarget", EventTarget);
defineGlobal("AbortSignal", AbortSignal);
defineGlobal("AbortController", AbortController);
defineGlobal("Performance", Performance);
defineGlobal("performance", performance);

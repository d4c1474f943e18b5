// format: service-worker
addEventListener("fetch", (event) => {
  const lines = [
    "typeof process: " + typeof process,
    "typeof require: " + typeof require,
    "typeof Buffer: " + typeof Buffer,
    "self === globalThis: " + (self === globalThis),
    "typeof addEventListener: " + typeof addEventListener,
    "typeof removeEventListener: " + typeof removeEventListener,
  ];
  let evalResult;
  try { eval("1"); evalResult = "no error"; } catch (e) { evalResult = e.name; }
  lines.push("eval: " + evalResult);
  event.respondWith(new Response(lines.join("\n") + "\n"));
});

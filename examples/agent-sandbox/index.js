// Runs code an agent wrote in a sandbox: a fresh isolate that sees only the input it is
// handed, with no network, 20 ms of CPU and 16 MiB of memory. The same code is sent often
// (an agent retries, or runs a tool again), so sandboxes are kept warm by the code's hash.
//
//   curl -X POST localhost:8787/run -d '{"code": "return input.a + input.b", "input": {"a": 2, "b": 40}}'

const hex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export default {
  async fetch(request, env) {
    if (request.method !== "POST" || new URL(request.url).pathname !== "/run") {
      return new Response('POST /run with {"code": "...", "input": ...}\n', { status: 404 });
    }
    const { code, input = null } = await request.json();
    if (typeof code !== "string") return new Response("code must be a string\n", { status: 400 });
    const id = hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(code)));
    const sandbox = env.LOADER.get(id, () => ({
      mainModule: "task.js",
      // The agent's code is the body of a function of `input`; its value is the answer.
      modules: {
        "task.js": `export default { async fetch(request) {
          const input = await request.json();
          const value = await (async () => { ${code}\n })();
          return Response.json({ value });
        } };`,
      },
      limits: { cpuMs: 20, memoryMiB: 16, subrequests: 0 },
      outbound: null,
    }));
    try {
      const response = await sandbox.getEntrypoint().fetch("http://task/", {
        method: "POST", body: JSON.stringify(input) });
      if (response.ok) return response;
      return Response.json({ error: (await response.text()).trim() }, { status: 422 });
    } catch (error) {
      return Response.json({ error: error.message }, { status: 400 });  // it did not compile
    }
  },
};

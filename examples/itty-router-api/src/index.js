// An itty-router API, unchanged: a small in-memory todo list. shoal bundles it with
// esbuild (it imports an npm package).
import { AutoRouter, error } from "itty-router";

const todos = new Map([[1, { id: 1, title: "try shoal", done: true }]]);
let nextId = 2;

const router = AutoRouter();

router
  .get("/todos", () => [...todos.values()])
  .get("/todos/:id", ({ params }) => todos.get(Number(params.id)) ?? error(404, "no such todo"))
  .post("/todos", async (request) => {
    const { title } = await request.json();
    if (typeof title !== "string") return error(400, "send {\"title\": \"...\"}");
    const todo = { id: nextId++, title, done: false };
    todos.set(todo.id, todo);
    return new Response(JSON.stringify(todo), {
      status: 201,
      headers: { "content-type": "application/json" },
    });
  })
  .delete("/todos/:id", ({ params }) =>
    todos.delete(Number(params.id)) ? { deleted: Number(params.id) } : error(404, "no such todo"));

export default router;

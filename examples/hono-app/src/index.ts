// An ordinary Hono app in TypeScript, unchanged: routing with params, middleware, JSON,
// a 404 handler and an error handler. shoal bundles it with esbuild.
import { Hono } from "hono";

type Env = { Bindings: { GREETING: string } };

const app = new Hono<Env>();

// Middleware: time every request and say who served it.
app.use("*", async (c, next) => {
  const start = Date.now();
  await next();
  c.header("x-served-by", "hono on shoal");
  c.header("x-elapsed-ms", String(Date.now() - start));
});

app.get("/", (c) => c.text(`${c.env.GREETING} from Hono!`));

app.get("/users/:id", (c) => {
  const id = Number(c.req.param("id"));
  if (!Number.isInteger(id)) return c.json({ error: "id must be a number" }, 400);
  return c.json({ id, name: `user-${id}`, tags: c.req.queries("tag") ?? [] });
});

app.post("/echo", async (c) => c.json({ received: await c.req.json() }, 201));

app.get("/fail", () => {
  throw new Error("something broke");
});

app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
app.onError((err, c) => c.json({ error: err.message }, 500));

export default app;

// An agent's memory: one session per conversation, each with its own SQLite database.
//
//   POST /chat/NAME        body: {"text": "..."}   remembers a turn
//   GET  /chat/NAME?about=X                         what did I say about X?
//   GET  /chat/NAME                                 every turn, oldest first

export class AgentMemory {
  constructor(ctx) {
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS turns (
      id INTEGER PRIMARY KEY, said_at TEXT NOT NULL, text TEXT NOT NULL)`);
  }

  async fetch(request) {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const { text } = await request.json();
      if (typeof text !== "string" || text === "") {
        return Response.json({ error: "send {\"text\": \"...\"}" }, { status: 400 });
      }
      this.sql.exec("INSERT INTO turns (said_at, text) VALUES (?, ?)",
                    new Date().toISOString(), text);
      const { count } = this.sql.exec("SELECT count(*) AS count FROM turns").one();
      return Response.json({ remembered: text, turns: count });
    }
    const about = url.searchParams.get("about");
    const turns = about === null
        ? this.sql.exec("SELECT text FROM turns ORDER BY id").toArray()
        : this.sql.exec("SELECT text FROM turns WHERE text LIKE ? ORDER BY id",
                        `%${about}%`).toArray();
    return Response.json({ about, turns: turns.map((t) => t.text) });
  }
}

export default {
  async fetch(request, env) {
    const match = new URL(request.url).pathname.match(/^\/chat\/([^/]+)$/);
    if (!match) return new Response("try POST /chat/NAME with {\"text\": \"...\"}\n", { status: 404 });
    const session = env.MEMORY.get(env.MEMORY.idFromName(match[1]));
    return session.fetch(request);
  },
};

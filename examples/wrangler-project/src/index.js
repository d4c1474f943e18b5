// A Cloudflare Workers app, unchanged: a Durable Object per visitor counts their visits,
// and an hourly cron trigger logs that it ran.

export class Counter {
  constructor(ctx, env) {
    this.ctx = ctx;
  }

  async fetch(request) {
    const visits = ((await this.ctx.storage.get("visits")) ?? 0) + 1;
    await this.ctx.storage.put("visits", visits);
    return Response.json({ visits });
  }
}

export default {
  async fetch(request, env) {
    const visitor = new URL(request.url).searchParams.get("visitor") ?? "anonymous";
    const counter = env.COUNTERS.get(env.COUNTERS.idFromName(visitor));
    const { visits } = await (await counter.fetch(request)).json();
    return new Response(`${env.GREETING}, ${visitor}: visit number ${visits}\n`);
  },

  async scheduled(controller, env, ctx) {
    console.log(`hourly tick (${controller.cron})`);
  },
};

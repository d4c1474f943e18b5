function desc(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof File) return "File(" + JSON.stringify(v.name) + "," + JSON.stringify(v.type) + "," + v.size + ")";
  if (v instanceof Blob) return "Blob(" + JSON.stringify(v.type) + "," + v.size + ")";
  return show(v);
}

export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    const parse = async (body, type) => [...await new Response(body, { headers: { "content-type": type } }).formData()];
    await acheck("basic", () => parse("a=1&b=2&a=3", "application/x-www-form-urlencoded"));
    await acheck("plus and percent", () => parse("x=a+b%20c&y=%E2%82%AC", "application/x-www-form-urlencoded"));
    await acheck("no equals, empty", () => parse("flag&&=v&k=", "application/x-www-form-urlencoded"));
    await acheck("with charset", () => parse("a=1", "application/x-www-form-urlencoded;charset=UTF-8"));
    await acheck("mixed case", () => parse("a=1", "Application/X-WWW-Form-URLEncoded"));
    await acheck("empty body", () => parse("", "application/x-www-form-urlencoded"));
    await acheck("bad percent", () => parse("a=%zz%4", "application/x-www-form-urlencoded"));
    await acheck("from URLSearchParams body", async () => [...await new Response(new URLSearchParams("q=1&r=two")).formData()]);
    return done();
  },
};

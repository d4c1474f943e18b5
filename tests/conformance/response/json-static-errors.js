export default {
  async fetch(request, env, ctx) {
    const { log, check, checkMsg, acheck, done } = harness();
    check("bigint", () => Response.json(1n));
    check("cycle", () => { const o = {}; o.o = o; return Response.json(o); });
    await acheck("undefined", () => Response.json(undefined).text());
    await acheck("function", () => Response.json(() => 1).text());
    await acheck("symbol", () => Response.json(Symbol("s")).text());
    check("toJSON throws", () => Response.json({ toJSON() { throw new RangeError("x"); } }));
    check("bad status", () => Response.json({}, { status: 99 }));
    check("null body status", () => Response.json({}, { status: 204 }));
    return done();
  },
};

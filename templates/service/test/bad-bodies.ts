// Bad request bodies for /predict and the OIP inference route, built from the request schema and the model's
// signature (wrong types, fields missing, unknown or of the wrong shape), and the answers an app gives them: the
// precompiled validators must answer them exactly as ajv compiled at start does (test/validators.test.ts,
// test/bundle-without-ajv.test.ts).
import { buildApp } from "../src/app.ts";
import { REQUEST_SCHEMA, SERVICE } from "../src/generated/service.ts";
import { fillInputs, goldens, recordSchema } from "./helpers.ts";

export const infer = `/v2/models/${SERVICE.name}/infer`;
const record = recordSchema(REQUEST_SCHEMA);
const fields = Object.keys(record.properties);
export const good: Record<string, unknown> = goldens[0]?.request ?? {};
const input = fillInputs()[0]!;

/** Bodies every validator must refuse the same way: of the wrong type, fields missing, unknown or of the wrong shape. */
export const BAD: readonly { readonly route: string; readonly body: unknown }[] = [
  ...[{}, [], [{}], 1, "text", true, { nb2svc_unknown_field: 1 }, { ...good, nb2svc_unknown_field: 1 }].map((body) => ({ route: "/predict", body })),
  ...fields.flatMap((f) =>
    [null, "text", 1.5, [], [[]], ["text"], [[1, 2], [3]], {}].map((v) => ({ route: "/predict", body: { ...good, [f]: v } })),
  ),
  ...fields.map((f) => ({ route: "/predict", body: Object.fromEntries(Object.entries(good).filter(([k]) => k !== f)) })),
  ...[
    {},
    { inputs: [] },
    { inputs: {} },
    { inputs: [{}] },
    { inputs: [{ ...input, datatype: "NOPE" }] },
    { inputs: [{ ...input, shape: "1" }] },
    { inputs: [{ ...input, data: "x" }] },
    { inputs: [input], outputs: [{}] },
    { inputs: [input], extra: 1 },
    { inputs: [input], id: 1 },
    { inputs: [input], id: "\u{1F600}".repeat(300) },
  ].map((body) => ({ route: infer, body })),
];

/** The answer to every BAD body of an app built with `opts`, as `route body -> status body` lines. */
export async function answers(opts: Parameters<typeof buildApp>[0]): Promise<string[]> {
  const { app } = buildApp(opts);
  try {
    const out: string[] = [];
    for (const c of BAD) {
      const res = await app.inject({ method: "POST", url: c.route, headers: { "content-type": "application/json" }, payload: JSON.stringify(c.body) });
      out.push(`${c.route} ${JSON.stringify(c.body)} -> ${res.statusCode} ${res.body}`);
    }
    return out;
  } finally {
    await app.close();
  }
}

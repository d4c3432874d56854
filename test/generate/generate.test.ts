// What generate writes besides the translated code, for each example's plan: an OpenAPI document valid against the
// OpenAPI 3.1 schema (built in-process; served-openapi.test.ts checks it is what the service serves), a typed client
// and a README route table with one entry per operation of that document, a lockfile that `npm ci` can install from, and
// Kubernetes objects for every kind the service needs. (Each service's own tests check its answers against these.)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { packageRoot } from "../../src/assets.ts";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { OIP_DATATYPES } from "../../src/generate/api.ts";
import { clientModule } from "../../src/generate/client-module.ts";
import { dockerfile } from "../../src/generate/docker.ts";
import { kubernetesManifests } from "../../src/generate/kubernetes.ts";
import { readLockfile, serviceLockfile } from "../../src/generate/lockfile.ts";
import { openapiDocument, operationsOf } from "../../src/generate/openapi.ts";
import { serviceReadme } from "../../src/generate/readme.ts";
import { plan as makePlan } from "../../src/plan/plan.ts";
import type { ServicePlan } from "../../src/plan/types.ts";

const examples = readdirSync(path.join(packageRoot(), "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const plans = new Map<string, ServicePlan>();

beforeAll(async () => {
  for (const name of examples) {
    const inspected = await inspectNotebook(path.join(packageRoot(), "examples", name, `${name}.ipynb`));
    plans.set(name, makePlan(inspected.analysis!, inspected.signature!, { toolVersion: "0.0.0-test" }));
  }
});

/**
 * The OpenAPI 3.1 schema (structure), and every schema object as a JSON Schema 2020-12 (the schema-base variant
 * checks those through $dynamicRef, which ajv does not resolve as the specification says).
 */
function oas31(): (doc: unknown) => boolean {
  const dir = path.join(packageRoot(), "node_modules", "@apidevtools", "openapi-schemas", "schemas", "v3.1");
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  // ajv resolves $dynamicRef "#meta" against the wrong scope; as a plain $ref it means the same for this document
  const text = readFileSync(path.join(dir, "schema.json"), "utf8").replace(/"\$dynamicRef": "#meta"/g, '"$ref": "#/$defs/schema"');
  const validate = ajv.compile(JSON.parse(text) as object);
  const schemas: unknown[] = [];
  const collect = (v: unknown, key = ""): void => {
    if (Array.isArray(v)) v.forEach((x) => collect(x));
    else if (v && typeof v === "object") {
      if (key === "schema") schemas.push(v);
      for (const [k, x] of Object.entries(v)) {
        if (k === "schemas" && key === "components") Object.values(x as object).forEach((s) => schemas.push(s));
        else collect(x, k);
      }
    }
  };
  return (doc) => {
    if (!validate(doc)) throw new Error(ajv.errorsText(validate.errors, { separator: "\n" }));
    collect(doc);
    for (const s of schemas) if (!ajv.validateSchema(s as object)) throw new Error(`${JSON.stringify(s)}: ${ajv.errorsText(ajv.errors)}`);
    return schemas.length > 0;
  };
}

describe.each(examples)("%s", (name) => {
  it("has an OpenAPI document valid against the OpenAPI 3.1 schema, every error body documented", () => {
    const doc = openapiDocument(plans.get(name)!) as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>> };
    expect(oas31()(doc)).toBe(true);
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        for (const [status, res] of Object.entries(op.responses)) {
          // an error's body is the Error schema, or a readiness body that says why
          if (Number(status) >= 400) expect(JSON.stringify(res.content["application/json"]?.schema)).toMatch(/schemas\/(Error|NotReady|ServerReady|ModelReady)"/);
        }
      }
    }
  });

  it("prints a client method and a README row for every operation of the document, and a type for every body", () => {
    const plan = plans.get(name)!;
    const doc = openapiDocument(plan);
    const text = clientModule(plan, doc);
    const readme = serviceReadme(plan, doc);
    const operations = operationsOf(doc);
    expect(operations.length).toBe(12);
    for (const { method, path: route, operation } of operations) {
      expect(text).toContain(`    ${operation.operationId}(`);
      expect(text).toContain(`\`${method.toUpperCase()} ${route}\``);
      expect(readme).toContain(`| \`${method.toUpperCase()} ${route}\` | ${operation.summary.replace(/\|/g, "\\|")} |`);
    }
    // the notebook's route heads the table
    expect(readme.indexOf("| `POST /predict` |")).toBeLessThan(readme.indexOf("| `GET /healthz` |"));
    expect(text).toContain("export type PredictResponse");
    expect(text).toContain("export type ErrorBody");
    expect(text).not.toMatch(/^import /m);
  });

  it("exports every name the service's own tests import from the client", () => {
    expect(clientExportsMissing(plans.get(name)!)).toEqual([]);
  });

  it("writes Kubernetes objects of every kind a deployment needs, and a KServe InferenceService", () => {
    const manifests = kubernetesManifests(plans.get(name)!);
    const kinds = manifests.map((m) => [m.file, (parseYaml(m.text) as { kind: string }).kind]);
    // plain YAML, as a person writes it: no quoted keys
    for (const m of manifests) expect(m.text, m.file).not.toMatch(/^\s*(- )?"[^"]*":/m);
    expect(kinds).toEqual([
      ["deployment.yaml", "Deployment"],
      ["service.yaml", "Service"],
      ["hpa.yaml", "HorizontalPodAutoscaler"],
      ["pdb.yaml", "PodDisruptionBudget"],
      ["kserve/inferenceservice.yaml", "InferenceService"],
    ]);
  });
});

describe("OIP datatypes", () => {
  it("name every onnxruntime tensor type", () => {
    expect(Object.keys(OIP_DATATYPES).sort()).toEqual(
      ["bool", "float16", "float32", "float64", "int16", "int32", "int64", "int8", "string", "uint16", "uint32", "uint64", "uint8"].sort(),
    );
  });
});

describe("the service's lockfile", () => {
  const source = readLockfile(packageRoot())!;
  const root = { name: "svc", version: "0.1.0", dependencies: { "onnxruntime-node": "^1.30.0" }, devDependencies: { vitest: "^4.0.0", fastify: "^5.0.0" } };

  it("holds the closure of the service's dependencies with flags computed for the service", () => {
    const lock = serviceLockfile(source, root) as { packages: Record<string, { dev?: boolean; optional?: boolean; version?: string }> };
    expect(lock.packages[""]).toMatchObject({ name: "svc", dependencies: root.dependencies });
    expect(lock.packages["node_modules/onnxruntime-node"]!.dev).toBeUndefined();
    expect(lock.packages["node_modules/onnxruntime-common"]!.dev).toBeUndefined();
    // fastify is a dependency of nb2svc, but only a dev dependency of the service (it is bundled)
    expect(lock.packages["node_modules/fastify"]!.dev).toBe(true);
    expect(lock.packages["node_modules/vitest"]!.dev).toBe(true);
    // nothing of nb2svc's that the service does not need
    expect(lock.packages["node_modules/ink"]).toBeUndefined();
    expect(lock.packages["node_modules/ts-morph"]).toBeUndefined();
  });

  it("is null when nb2svc's lockfile does not have a dependency", () => {
    expect(serviceLockfile(source, { ...root, dependencies: { "not-a-package-nb2svc-has": "1" } })).toBeNull();
  });

  it("makes the Dockerfile use npm ci", () => {
    const p = plans.get(examples[0]!)!;
    expect(dockerfile(p, { lockfile: true })).toContain("RUN npm ci --omit=dev");
    expect(dockerfile(p, { lockfile: false })).toContain("RUN npm install --omit=dev");
  });
});

/** The names the template's test/client.test.ts imports from the generated client that the client does not export. */
function clientExportsMissing(plan: ServicePlan): string[] {
  const test = readFileSync(path.join(packageRoot(), "templates", "service", "test", "client.test.ts"), "utf8");
  const m = /import \{([^}]*)\} from "\.\.\/src\/generated\/client\.ts"/.exec(test);
  if (!m) throw new Error("test/client.test.ts no longer imports from ../src/generated/client.ts");
  const names = m[1]!.split(",").map((n) => n.trim().replace(/^type\s+/, "")).filter(Boolean);
  const text = clientModule(plan, openapiDocument(plan));
  return names.filter((n) => !new RegExp(`^export (type|const|class|interface) ${n}\\b`, "m").test(text));
}

describe("a notebook whose /predict takes a record or a list of records", () => {
  it("has a client that exports every name the service's own tests import from it (PredictRequest too)", async () => {
    const nb = path.join(packageRoot(), "test", "corpus", "banknote-torch-to-numpy");
    const c = JSON.parse(readFileSync(path.join(nb, "case.json"), "utf8")) as { notebook: string };
    const inspected = await inspectNotebook(path.join(nb, c.notebook));
    const plan = makePlan(inspected.analysis!, inspected.signature!, { toolVersion: "0.0.0-test" });
    expect(plan.request.style).toBe("record");
    expect(clientExportsMissing(plan)).toEqual([]);
  });
});

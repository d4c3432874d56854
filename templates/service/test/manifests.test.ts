// The deployment files: every Kubernetes manifest validates against the Kubernetes API schemas (kubernetes-models),
// the KServe InferenceService against the schema below (KServe publishes no npm package: its predictor containers
// are checked with the Kubernetes Container schema, the rest with the fields of serving.kserve.io/v1beta1 this
// service uses), probes point at routes the service has, and the Dockerfile keeps its production promises.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Container } from "kubernetes-models/v1/Container";
import { PodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import { Service } from "kubernetes-models/v1/Service";
import { Volume } from "kubernetes-models/v1/Volume";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SERVICE } from "../src/generated/service.ts";
import { openapiDocument, root } from "./helpers.ts";

const k8s = path.join(root, "k8s");
const load = (file: string) => parse(readFileSync(path.join(k8s, file), "utf8")) as Record<string, any>;
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  Deployment,
  Service,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
};

/** serving.kserve.io/v1beta1 InferenceService, the fields a custom predictor uses; unknown fields are errors. */
const INFERENCE_SERVICE = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  additionalProperties: false,
  properties: {
    apiVersion: { const: "serving.kserve.io/v1beta1" },
    kind: { const: "InferenceService" },
    metadata: {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string", pattern: "^[a-z]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 }, labels: { type: "object" }, annotations: { type: "object" } },
    },
    spec: {
      type: "object",
      required: ["predictor"],
      additionalProperties: false,
      properties: {
        predictor: {
          type: "object",
          required: ["containers"],
          additionalProperties: false,
          properties: {
            minReplicas: { type: "integer", minimum: 0 },
            maxReplicas: { type: "integer", minimum: 1 },
            scaleMetric: { enum: ["cpu", "memory", "concurrency", "rps"] },
            scaleTarget: { type: "integer", minimum: 1 },
            terminationGracePeriodSeconds: { type: "integer", minimum: 0 },
            securityContext: { type: "object" },
            containers: { type: "array", minItems: 1, items: { type: "object" } },
            volumes: { type: "array", items: { type: "object" } },
          },
        },
      },
    },
  },
} as const;

const routes = new Set(Object.keys((await openapiDocument()).paths));

function checkContainer(c: Record<string, any>): void {
  new Container(c as ConstructorParameters<typeof Container>[0]).validate();
  expect(c.ports[0].containerPort).toBe(SERVICE.port);
  for (const probe of [c.readinessProbe, c.livenessProbe]) {
    expect(routes.has(probe.httpGet.path), probe.httpGet.path).toBe(true);
    expect(probe.httpGet.port).toBe(SERVICE.port);
  }
  expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
  expect(c.resources.requests).toBeDefined();
  expect(c.resources.limits).toBeDefined();
}

// (a service generated without k8s/ or without a Dockerfile skips their tests)
describe.runIf(existsSync(k8s))("Kubernetes manifests", () => {
  const files = existsSync(k8s) ? readdirSync(k8s).filter((f) => f.endsWith(".yaml")) : [];

  it("has a Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget, each valid", () => {
    const kinds = files.map((f) => {
      const doc = load(f);
      const Model = MODELS[doc.kind as string];
      expect(Model, `${f}: ${doc.kind}`).toBeDefined();
      new Model!(doc).validate();
      expect(doc.metadata.name).toBe(SERVICE.name);
      return doc.kind as string;
    });
    expect(kinds.sort()).toEqual(["Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"]);
  });

  it("a schema error would be caught", () => {
    const broken = load("deployment.yaml");
    broken.spec.replicas = "two";
    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
  });

  it("the Deployment probes the health routes, runs non-root on a read-only root file system and drains", () => {
    const d = load("deployment.yaml");
    const pod = d.spec.template.spec;
    new PodSecurityContext(pod.securityContext).validate();
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    const [c] = pod.containers;
    checkContainer(c);
    expect(c.readinessProbe.httpGet.path).toBe("/readyz");
    expect(c.livenessProbe.httpGet.path).toBe("/healthz");
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(SERVICE.limits.shutdownGraceMs);
    expect(d.spec.selector.matchLabels).toEqual(load("service.yaml").spec.selector);
    expect(load("pdb.yaml").spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
    expect(load("hpa.yaml").spec.scaleTargetRef).toMatchObject({ kind: "Deployment", name: d.metadata.name });
  });

  it("the KServe InferenceService runs the image as a custom predictor", () => {
    const isvc = parse(readFileSync(path.join(k8s, "kserve", "inferenceservice.yaml"), "utf8")) as Record<string, any>;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(INFERENCE_SERVICE);
    expect(validate(isvc), JSON.stringify(validate.errors)).toBe(true);
    const predictor = isvc.spec.predictor;
    new PodSecurityContext(predictor.securityContext).validate();
    for (const v of predictor.volumes ?? []) new Volume(v).validate();
    expect(predictor.containers[0].name).toBe("kserve-container");
    for (const c of predictor.containers) checkContainer(c);
    expect(predictor.containers[0].readinessProbe.httpGet.path).toBe("/v2/health/ready");
  });
});

describe.runIf(existsSync(path.join(root, "Dockerfile")))("Dockerfile", () => {
  const text = existsSync(path.join(root, "Dockerfile")) ? readFileSync(path.join(root, "Dockerfile"), "utf8") : "";
  const instructions = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((l) => l.trim() && !l.trimStart().startsWith("#"));

  it("takes its base image as an argument and builds in stages", () => {
    expect(instructions[0]).toMatch(/^ARG BASE_IMAGE=\S+/);
    expect(instructions.filter((l) => l.startsWith("FROM ${BASE_IMAGE}"))).toHaveLength(2);
  });

  it("installs production dependencies only, keeps only linux-x64 onnxruntime binaries", () => {
    expect(text).toMatch(/npm (ci|install) --omit=dev/);
    expect(text).toContain("! -name x64");
  });

  it("runs as a non-root user with NODE_ENV=production, a HEALTHCHECK on /readyz and the bundle", () => {
    expect(instructions.find((l) => l.startsWith("USER "))).toMatch(/^USER [1-9]\d*/);
    expect(text).toMatch(/ENV NODE_ENV=production/);
    expect(instructions.find((l) => l.startsWith("HEALTHCHECK"))).toContain("/readyz");
    expect(instructions[instructions.length - 1]).toBe('CMD ["node", "dist/server.js"]');
  });

  it("makes the app's code cache with the image's own Node, after copying the bundle and before dropping root", () => {
    const at = (pred: (l: string) => boolean) => instructions.findIndex(pred);
    const make = at((l) => l === "RUN node dist/server.js --write-code-cache");
    expect(make).toBeGreaterThan(at((l) => l.startsWith("COPY dist ")));
    expect(make).toBeLessThan(at((l) => l.startsWith("USER ")));
  });

  it(".dockerignore keeps node_modules and tests out of the build context", () => {
    const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n");
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "test"]));
  });
});

// Kubernetes manifests for the service, each from a named builder: a Deployment (probes on the health routes,
// resources, non-root, read-only root file system, a preStop pause so that endpoints drop the pod before SIGTERM),
// a Service, a HorizontalPodAutoscaler, a PodDisruptionBudget, and under kserve/ an InferenceService that runs the
// same image as a KServe custom predictor. Objects are typed with kubernetes-models' interfaces, so a misspelt field
// does not compile; the service's tests validate the written YAML against the Kubernetes schemas.
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IService } from "kubernetes-models/v1/Service";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { ServicePlan } from "../plan/types.ts";
import { SERVICE_VERSION } from "./api.ts";
import { SERVICE_UID } from "./docker.ts";

export interface Manifest {
  /** Path under k8s/. */
  readonly file: string;
  readonly text: string;
}

/** YAML for plain data, block style, as a person writes a manifest: keys and strings plain where YAML reads them back unchanged. */
export function toYaml(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return value
      .map((v) => {
        const inner = toYaml(v, indent + 2);
        return `\n${pad}- ${inner.replace(/^\n\s*/, "")}`;
      })
      .join("");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    return entries
      .map(([k, v]) => {
        const inner = toYaml(v, indent + 2);
        const scalar = !inner.startsWith("\n");
        return `\n${pad}${yamlScalar(k)}:${scalar ? " " : ""}${inner}`;
      })
      .join("");
  }
  return typeof value === "string" ? yamlScalar(value) : JSON.stringify(value);
}

/** Words a YAML reader (1.1 or 1.2) takes for something other than a string. */
const NOT_STRINGS = /^(null|~|true|false|yes|no|on|off|y|n)$/i;

/**
 * A string as YAML writes it by hand: plain (`kind: Deployment`, `app.kubernetes.io/name: iris`) when it can only be
 * read back as that string, else double-quoted (a JSON string is a valid YAML one): a number-like value
 * (`prometheus.io/port: "8080"`), a word YAML reads as a boolean or null, anything with spaces or YAML's marks.
 */
function yamlScalar(s: string): string {
  const plain = /^[A-Za-z_/][\w./-]*(:[\w./-]+)*$/.test(s) && !NOT_STRINGS.test(s);
  return plain ? s : JSON.stringify(s);
}

/** Seconds the pod keeps serving after Kubernetes decides to stop it, while endpoints and load balancers catch up. */
const PRE_STOP_SECONDS = 5;

/** The KServe InferenceService subset written here (serving.kserve.io/v1beta1, a custom predictor container). */
export interface InferenceService {
  readonly apiVersion: "serving.kserve.io/v1beta1";
  readonly kind: "InferenceService";
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly predictor: {
      readonly minReplicas?: number;
      readonly maxReplicas?: number;
      readonly scaleMetric?: "cpu" | "memory" | "concurrency" | "rps";
      readonly scaleTarget?: number;
      readonly terminationGracePeriodSeconds?: number;
      readonly securityContext?: IPodSecurityContext;
      readonly containers: readonly IContainer[];
      readonly volumes?: readonly IVolume[];
    };
  };
}

interface Parts {
  readonly plan: ServicePlan;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
}

const image = (plan: ServicePlan) => `${plan.name}:${SERVICE_VERSION}`;

function podSecurityContext(): IPodSecurityContext {
  return { runAsNonRoot: true, runAsUser: SERVICE_UID, runAsGroup: SERVICE_UID, fsGroup: SERVICE_UID, seccompProfile: { type: "RuntimeDefault" } };
}

/**
 * Server processes per pod. One: Kubernetes already spreads load over pods and scales them (the autoscaler below), a
 * pod's CPU limit then matches what one process can use (one JS thread; one onnxruntime thread per run), and a worker
 * that dies is the pod's restart, seen by Kubernetes. More workers per pod pay off where pods are few and large
 * (docs/performance.md); raise WORKERS and the CPU request and limit together.
 */
const WORKERS_PER_POD = 1;

function env(plan: ServicePlan): { name: string; value: string }[] {
  const b = plan.options.batching;
  return [
    { name: "PORT", value: String(plan.options.port) },
    // explicit, though the default (the cgroup's CPU limit) gives the same: a limit changed alone then does not
    // silently change the process count
    { name: "WORKERS", value: String(WORKERS_PER_POD) },
    { name: "LOG_LEVEL", value: "info" },
    { name: "BATCHING", value: b.enabled ? "on" : "off" },
    { name: "BATCH_MAX_ROWS", value: String(b.maxBatchRows) },
    { name: "BATCH_MAX_DELAY_MS", value: String(b.maxDelayMs) },
    { name: "BATCH_MAX_QUEUE_ROWS", value: String(b.maxQueueRows) },
    { name: "REQUEST_TIMEOUT_MS", value: String(plan.options.limits.requestTimeoutMs) },
    { name: "SHUTDOWN_GRACE_MS", value: String(plan.options.limits.shutdownGraceMs) },
  ];
}

/** The container both the Deployment and the InferenceService run. */
function container(plan: ServicePlan, name: string, readiness: string, liveness: string): IContainer {
  const probe = (path: string, period: number, failures: number) => ({
    httpGet: { path, port: plan.options.port },
    periodSeconds: period,
    timeoutSeconds: 2,
    failureThreshold: failures,
  });
  return {
    name,
    image: image(plan),
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: "http", containerPort: plan.options.port, protocol: "TCP" }],
    env: env(plan),
    readinessProbe: probe(readiness, 5, 2),
    livenessProbe: probe(liveness, 10, 3),
    // per worker, one JS thread that also runs the model (ORT_INTRA_OP_THREADS=1, sequential): a core each. Requested
    // as much as the limit, so the autoscaler's utilisation is of what the pod can really use and a pod is never
    // throttled below the core its worker needs
    resources: {
      requests: { cpu: String(WORKERS_PER_POD), memory: `${256 * WORKERS_PER_POD}Mi` },
      limits: { cpu: String(WORKERS_PER_POD), memory: `${512 * WORKERS_PER_POD}Mi` },
    },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: SERVICE_UID,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    },
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };
}

/** A small writable /tmp on a read-only root file system (the service writes nothing; libraries may). */
function tmpVolume(): IVolume[] {
  return [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } }];
}

function terminationGraceSeconds(plan: ServicePlan): number {
  return PRE_STOP_SECONDS + Math.ceil(plan.options.limits.shutdownGraceMs / 1000) + 5;
}

function deployment({ plan, labels, selector }: Parts): IDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: plan.name, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: selector },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels,
          annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(plan.options.port), "prometheus.io/path": "/metrics" },
        },
        spec: {
          securityContext: podSecurityContext(),
          terminationGracePeriodSeconds: terminationGraceSeconds(plan),
          containers: [
            {
              ...container(plan, "server", "/readyz", "/healthz"),
              // Kubernetes removes the pod from endpoints while this runs, so no new traffic arrives after SIGTERM
              lifecycle: { preStop: { exec: { command: ["sleep", String(PRE_STOP_SECONDS)] } } },
            },
          ],
          volumes: tmpVolume(),
        },
      },
    },
  };
}

function service({ plan, labels, selector }: Parts): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: plan.name, labels },
    spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
  };
}

function autoscaler({ plan, labels }: Parts): IHorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: plan.name, labels },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: plan.name },
      minReplicas: 2,
      maxReplicas: 10,
      // inference is CPU-bound: scale on CPU, with a slow scale-down so that bursts do not flap
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

function disruptionBudget({ plan, labels, selector }: Parts): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: plan.name, labels },
    spec: { minAvailable: 1, selector: { matchLabels: selector } },
  };
}

function inferenceService({ plan, labels }: Parts): InferenceService {
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name: plan.name, labels },
    spec: {
      predictor: {
        minReplicas: 1,
        maxReplicas: 10,
        terminationGracePeriodSeconds: terminationGraceSeconds(plan),
        securityContext: podSecurityContext(),
        // KServe runs a custom predictor from its containers; the main one must be named kserve-container
        containers: [container(plan, "kserve-container", "/v2/health/ready", "/v2/health/live")],
        volumes: tmpVolume(),
      },
    },
  };
}

export function kubernetesManifests(plan: ServicePlan): Manifest[] {
  const selector = { "app.kubernetes.io/name": plan.name };
  const parts: Parts = {
    plan,
    selector,
    labels: { ...selector, "app.kubernetes.io/version": SERVICE_VERSION, "app.kubernetes.io/managed-by": "nb2svc" },
  };
  const yaml = (o: unknown) => toYaml(o).trimStart() + "\n";
  return [
    { file: "deployment.yaml", text: yaml(deployment(parts)) },
    { file: "service.yaml", text: yaml(service(parts)) },
    { file: "hpa.yaml", text: yaml(autoscaler(parts)) },
    { file: "pdb.yaml", text: yaml(disruptionBudget(parts)) },
    { file: "kserve/inferenceservice.yaml", text: yaml(inferenceService(parts)) },
  ];
}

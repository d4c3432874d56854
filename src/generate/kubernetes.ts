// Kubernetes manifests for the service: a Deployment with probes on the health routes, and a Service.
import type { ServicePlan } from "../plan/types.ts";

export interface Manifest {
  readonly file: string;
  readonly text: string;
}

/** YAML for plain data; every string is double-quoted JSON, which YAML reads as the same string. */
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
        return `\n${pad}${JSON.stringify(k)}:${scalar ? " " : ""}${inner}`;
      })
      .join("");
  }
  return JSON.stringify(value);
}

export function kubernetesManifests(plan: ServicePlan): Manifest[] {
  const labels = { "app.kubernetes.io/name": plan.name, "app.kubernetes.io/managed-by": "nb2svc" };
  const probe = (route: string, period: number) => ({ httpGet: { path: route, port: "http" }, periodSeconds: period, timeoutSeconds: 2 });
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: plan.name, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "app.kubernetes.io/name": plan.name } },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: "server",
              image: `${plan.name}:0.1.0`,
              ports: [{ name: "http", containerPort: plan.options.port }],
              env: [{ name: "PORT", value: String(plan.options.port) }],
              readinessProbe: probe("/readyz", 5),
              livenessProbe: probe("/healthz", 10),
              resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: plan.name, labels },
    spec: { selector: { "app.kubernetes.io/name": plan.name }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  };
  return [
    { file: "deployment.yaml", text: toYaml(deployment).trimStart() + "\n" },
    { file: "service.yaml", text: toYaml(service).trimStart() + "\n" },
  ];
}

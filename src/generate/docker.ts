// The service's Dockerfile, built from named fragments (after cog): each returns "" when it does not apply, and they
// are joined in order. The order is what keeps builds fast and images small: the base argument must precede every
// FROM; dependencies are installed in their own stage from package.json and the lockfile alone, so their layer is
// reused until those change; the runtime stage copies only node_modules (pruned), the bundle and the model, which
// change most often and so come last.
import type { ServicePlan } from "../plan/types.ts";

export interface DockerOptions {
  /** The service has a package-lock.json: install with `npm ci`, exactly what nb2svc tested. */
  readonly lockfile: boolean;
}

/** The user the service runs as: not root, and numeric so that Kubernetes can check runAsNonRoot. */
export const SERVICE_UID = 1000;

const baseArgument = () => `# A public Node 20 image by default; build offline with --build-arg BASE_IMAGE=<a local Node 20 image>.
ARG BASE_IMAGE=node:20-bookworm-slim`;

// npm's cache goes to a folder removed once npm has exited: `npm cache clean --force` removes it while npm's own
// cache writes may still be settling, and failed with ENOTEMPTY in a container build here.
// ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's install script would download CUDA libraries (its CPU binaries
// ship in the package); package.json's allowScripts says the same to an npm that reads it, the variable to any npm
const dependencyStage = (opts: DockerOptions) => `# Production dependencies only: the bundle (dist/) holds everything else.
FROM \${BASE_IMAGE} AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json ${opts.lockfile ? "package-lock.json " : ""}./
RUN ${opts.lockfile ? "npm ci --omit=dev" : "npm install --omit=dev"} --cache /tmp/npm-cache && rm -rf /tmp/npm-cache`;

const pruneRuntimeBinaries = () => `# onnxruntime-node ships native binaries for every platform (about 290 MB): keep linux-x64's (46 MB)
RUN cd node_modules/onnxruntime-node/bin && \\
    find . -mindepth 2 -maxdepth 2 ! -name linux -exec rm -rf {} + && \\
    find . -mindepth 3 -maxdepth 3 ! -name x64 -exec rm -rf {} + && \\
    test -f napi-v*/linux/x64/onnxruntime_binding.node`;

const runtimeStage = (plan: ServicePlan) => `FROM \${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=${plan.options.port}
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY dist ./dist
COPY model ./model
# V8's code cache of the app, made by this image's Node: one made by another Node is rejected, and every start would
# compile the app again (about a third of a cold start)
RUN node dist/server.js --write-code-cache
# files stay root's and read-only to the service; it writes nothing (Kubernetes mounts the root file system read-only)
USER ${SERVICE_UID}:${SERVICE_UID}
EXPOSE ${plan.options.port}`;

const healthcheck = () => `HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \\
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]`;

const command = () => `# node itself as PID 1 receives SIGTERM and drains in-flight requests before exiting
CMD ["node", "dist/server.js"]`;

export function dockerfile(plan: ServicePlan, opts: DockerOptions): string {
  return (
    [baseArgument(), dependencyStage(opts), pruneRuntimeBinaries(), runtimeStage(plan), healthcheck(), command()].filter((s) => s !== "").join("\n\n") +
    "\n"
  );
}

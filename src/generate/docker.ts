// The service's Dockerfile, built from named fragments (after cog): each returns "" when it does not apply, and
// they are joined in the order that keeps image layers cacheable: dependencies change less often than code.
import type { ServicePlan } from "../plan/types.ts";

const base = () => `# A public Node 20 image by default; tests pass --build-arg BASE_IMAGE=<a local base> to build offline.
ARG BASE_IMAGE=node:20-bookworm-slim`;

const buildStage = () => `FROM \${BASE_IMAGE} AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json* .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund
# onnxruntime-node ships binaries for every platform: keep linux-x64 only
RUN find node_modules/onnxruntime-node/bin -mindepth 3 -maxdepth 3 -type d ! -path '*/linux/x64' -exec rm -rf {} + ; \\
    rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32 \\
           node_modules/onnxruntime-node/bin/napi-v*/linux/arm64`;

const runtimeStage = (plan: ServicePlan) => `FROM \${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=${plan.options.port}
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY dist ./dist
COPY model ./model
USER 1000:1000
EXPOSE ${plan.options.port}
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \\
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.js"]`;

export function dockerfile(plan: ServicePlan): string {
  return [base(), buildStage(), runtimeStage(plan)].filter((s) => s !== "").join("\n\n") + "\n";
}

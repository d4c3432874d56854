import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // @nb2svc/runtime is packages/runtime (also linked there by `npm install`; tsconfig.json says the same for tsc
    // and esbuild), so the tests run before any install
    alias: [{ find: /^@nb2svc\/runtime\/(.*)$/, replacement: `${fileURLToPath(new URL("./packages/runtime/src/", import.meta.url))}$1.ts` }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // one module graph for all files: each test builds its own app (settings are per app, not module state), and
    // importing the app, Fastify and the runtime once instead of once per file makes the suite about 2.5x faster
    isolate: false,
    hookTimeout: 30_000,
  },
});

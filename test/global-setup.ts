// Builds dist/ once before the tests (as `npm install` does through `prepare`), so that CLI tests run the real entry
// point as `npx nb2svc` does.
import { buildCli } from "../tools/build-cli.mjs";

export default async function setup(): Promise<void> {
  await buildCli();
}

// The types of build-cli.mjs, for test/global-setup.ts.
export function buildCli(root?: string): Promise<void>;

// TranslatedModule: made by translate from the ServicePlan's Python code, read by generate (and printed by
// `nb2svc translate`).
import type { Diagnostic } from "../diagnostics/types.ts";

/** One exported function of the module, with the TypeScript types its signature got. */
export interface TranslatedFunction {
  readonly name: string;
  /** The identifier it is exported under (differs from `name` when `name` is a TypeScript reserved word). */
  readonly exportName: string;
  readonly params: readonly { readonly name: string; readonly type: string; readonly optional: boolean }[];
  readonly returnType: string;
}

export interface TranslatedModule {
  /** TypeScript source of the module; imports the runtime as `./runtime/index.ts`. */
  readonly text: string;
  readonly functions: readonly TranslatedFunction[];
  /** Runtime files (relative to `src/runtime/`) the module needs, to be copied beside it. */
  readonly runtimeFiles: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

// GeneratedProject: made by generate from a ServicePlan and its TranslatedModule, read by write, bundle and verify.
// Files are held in memory until written atomically.

export interface GeneratedFile {
  /** POSIX path relative to the service root. */
  readonly path: string;
  readonly contents: string | Uint8Array;
  /** Unix permission bits; 0o644 when absent. */
  readonly mode?: number;
}

export interface GeneratedProject {
  readonly name: string;
  readonly files: readonly GeneratedFile[];
  /**
   * The folders nb2svc owns in the service (POSIX, relative to its root): a regeneration replaces them whole. Every
   * other file belongs to the service's user once written.
   */
  readonly generatedDirs: readonly string[];
  /**
   * openapi.json as the service's routes publish it (openapi.ts): a build output like dist/, written by the bundle
   * stage unless the service's user changed the routes.
   */
  readonly openapi: string;
}

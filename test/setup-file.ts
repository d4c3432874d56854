// Runs before each test file (both tiers' setupFiles; with isolate: false too), so its hook is each file's own.
import { afterAll } from "vitest";
import { removeTempDirs } from "./helpers/temp.ts";

afterAll(removeTempDirs);

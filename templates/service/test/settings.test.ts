// Settings belong to an app, not to the module: two apps in one process (tests, a server that hosts two) each follow
// their own. ALLOW_NON_FINITE_INPUTS is the setting that used to be module state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE } from "../src/generated/service.ts";
import { fillInputs, settingsWith, startService, type Running } from "./helpers.ts";

const float = SERVICE.model.inputs.find((i) => i.dtype === "float32" || i.dtype === "float64");

describe.runIf(float !== undefined)("settings are per app", () => {
  let strict: Running;
  let lenient: Running;
  beforeAll(async () => {
    // the lenient app is made second: under module state, its setting would have become the strict app's too
    strict = await startService();
    lenient = await startService({ settings: settingsWith({ allowNonFinite: true }) });
  });
  afterAll(async () => {
    await Promise.all([strict?.close(), lenient?.close()]);
  });

  /** The model's inputs, zeros but for one value too large for a float32 (Infinity once read). */
  const tooLarge = () => ({ inputs: fillInputs().map((t) => (t.name === float!.name ? { ...t, data: [1e308, ...t.data.slice(1)] } : t)) });

  it("refuses a non-finite input in the app that does not allow them", async () => {
    const res = await strict.post(`/v2/models/${SERVICE.name}/infer`, tooLarge());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringContaining(`"${float!.name}" holds Infinity at flat index 0`) });
  });

  it("lets it through to the model in the app that allows them, in the same process", async () => {
    const res = await lenient.post(`/v2/models/${SERVICE.name}/infer`, tooLarge());
    expect(res.status).toBe(200);
    expect(strict.settings.allowNonFinite).toBe(false);
  });
});

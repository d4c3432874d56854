// onnxruntime's native start on a worker thread (src/onnxruntime-warmup.ts): the worker makes onnxruntime's
// environment and exits once told; the service's own session, made after it on this thread, serves as one made
// without it; a worker that cannot load onnxruntime says why, and the model opens all the same.
import { expect, it } from "vitest";
import { warmUpOnnxruntime } from "../src/onnxruntime-warmup.ts";
import { differences, goldens, servicePerTest, toleranceOf } from "./helpers.ts";

const service = servicePerTest();

it("makes onnxruntime's environment on a worker, which exits once the model's session is made", async () => {
  const warmup = warmUpOnnxruntime();
  expect(await warmup.ready).toBeNull();
  const svc = await service({ load: false, onnxruntimeWarmup: warmup });
  // the worker stays until the session is made: its exit would unload the addon were it the only one to hold it
  const gone = await Promise.race([warmup.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
  expect(gone).toBe(false);
  await svc.model.load();
  expect(svc.model.state).toBe("ready");
  expect(await warmup.exited).toBe(0);
  const res = await svc.post("/predict", goldens[0]!.request);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(differences(res.body, goldens[0]!.expected, toleranceOf(goldens[0]!))).toEqual([]);
});

it("says why when the worker cannot load onnxruntime, and the model opens without it", async () => {
  const warmup = warmUpOnnxruntime("/nonexistent/onnxruntime-node");
  expect(await warmup.ready).toMatch(/Cannot find module '\/nonexistent\/onnxruntime-node'/);
  const svc = await service({ load: false, onnxruntimeWarmup: warmup });
  await svc.model.load();
  expect(svc.model.state).toBe("ready");
  const res = await svc.post("/predict", goldens[0]!.request);
  expect(res.status).toBe(200);
  expect(differences(res.body, goldens[0]!.expected, toleranceOf(goldens[0]!))).toEqual([]);
});

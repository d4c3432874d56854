// The model and the batcher that merges concurrent requests into its runs, shared by every route that runs the
// model. Closing the app lets queued work finish, then releases the model's session.
import fp from "fastify-plugin";
import type { Batcher } from "../batcher.ts";
import type { Model } from "../model.ts";

declare module "fastify" {
  interface FastifyInstance {
    readonly model: Model;
    readonly batcher: Batcher;
  }
}

export interface BatchingOptions {
  readonly model: Model;
  readonly batcher: Batcher;
}

export const batchingPlugin = fp<BatchingOptions>(
  (app, { model, batcher }, done) => {
    app.decorate("model", model);
    app.decorate("batcher", batcher);
    app.addHook("onClose", async () => {
      await batcher.drain();
      await model.close();
    });
    done();
  },
  { name: "batching" },
);

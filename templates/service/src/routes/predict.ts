// POST /predict: the notebook's inference path as one call. The body is validated against the request schema, run
// through the notebook's preprocessing, batched with other requests into one model run, and answered through the
// notebook's postprocessing.
import type { FastifyPluginCallbackJsonSchemaToTs } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifyError } from "fastify";
import { ClientError, PreprocessingError } from "../errors.ts";
import { EACH_RECORD, IMAGE_REQUESTS, postprocess, preprocess, type PredictRequest } from "../generated/pipeline.ts";
import { PREDICT } from "../generated/schemas.ts";
import { REQUEST_STYLE, SERVICE } from "../generated/service.ts";
import { checkFeeds } from "../tensors.ts";
import { bodyErrors, jsonResponse } from "../plugins/openapi.ts";

export const predictRoutes: FastifyPluginCallbackJsonSchemaToTs = (app, _opts, done) => {
  const { batcher, lifecycle, settings } = app;
  // a service that takes images also reads them as the raw body and in multipart forms (src/images.ts); the parsers
  // are registered in this plugin only, so no other route reads them
  const images = IMAGE_REQUESTS ? IMAGE_REQUESTS(app, settings) : null;
  if (images) {
    // Fastify's own 4xx errors about images, said for a client; every other error goes to the app's handler
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const status = err.statusCode ?? 500;
      const message = status >= 400 && status < 500 && !err.validation && !(err instanceof ClientError) ? images.clientMessage(err, req) : null;
      if (message === null) throw err;
      return reply.code(status).send({ error: message });
    });
  }
  const feedsFor = (body: PredictRequest) => {
    try {
      return checkFeeds(preprocess(body), settings);
    } catch (e) {
      throw namedForTheRequest(e, body);
    }
  };
  const predictOne = async (body: PredictRequest): Promise<unknown> => {
    const feeds = feedsFor(body);
    // (postprocessing may read the model inputs this request was given: an autoencoder's reconstruction error)
    return postprocess(await batcher.submit(feeds), body, feeds);
  };

  app.post<{ Body: PredictRequest }>(
    "/predict",
    {
      schema: {
        operationId: "predict",
        summary: PREDICT.summary,
        tags: ["service"],
        body: { $ref: REQUEST_STYLE === "record" ? "PredictBody#" : "PredictRequest#" },
        response: {
          200: jsonResponse(PREDICT.answerDescription, PREDICT.answerSchema),
          ...bodyErrors(PREDICT.badRequest, images !== null),
        },
      },
    },
    async (req, reply) => {
      lifecycle.requireReady();
      const body = images ? images.prepare(req.body, req) : req.body;
      // a list of records for the notebook's path: each runs it alone (their model runs are batched together); a model
      // whose inputs are the record's columns takes the list at once
      const answer = Array.isArray(body) && EACH_RECORD ? await Promise.all((body as readonly PredictRequest[]).map(predictOne)) : await predictOne(body);
      // Fastify sends a string as text; an answer that is a string (a label) is JSON like every other answer
      return typeof answer === "string" ? reply.type("application/json; charset=utf-8").send(JSON.stringify(answer)) : answer;
    },
  );
  done();
};

/**
 * What to throw for an error of the notebook's preprocessing or of binding its result to the model's inputs. A
 * problem with those inputs (a shape, a number too large for float32) is reported under the model input's name, which
 * the caller never sent: said instead of the request's fields, with the model input named as what the notebook made
 * of them.
 */
function namedForTheRequest(e: unknown, body: unknown): unknown {
  if (!(e instanceof ClientError) || body === null || typeof body !== "object" || Array.isArray(body)) return e;
  const sent = Object.keys(body);
  const fields = sent.length === 1 ? `field "${sent[0]}"` : `the request (fields ${sent.map((f) => `"${f}"`).join(", ")})`;
  if (e instanceof PreprocessingError) return new ClientError(`${fields} could not be preprocessed as the notebook does: ${e.detail}`, e.status);
  const input = SERVICE.model.inputs.find((i) => e.message.startsWith(`"${i.name}" `) && !sent.includes(i.name));
  if (!input) return e;
  const rest = e.message.slice(input.name.length + 3);
  return new ClientError(`${fields} does not fit the model: the notebook's preprocessing made it the model's input "${input.name}", which ${rest}`, e.status);
}

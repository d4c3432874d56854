// The OpenAPI document the routes declare (plugins/openapi.ts), as JSON and as a self-contained web page.
import type { FastifyPluginCallbackJsonSchemaToTs } from "@fastify/type-provider-json-schema-to-ts";
import { docsPage } from "../docs.ts";
import { objectResponse, textResponse } from "../plugins/openapi.ts";

const operations = ["operations"];

export const docsRoutes: FastifyPluginCallbackJsonSchemaToTs = (app, _opts, done) => {
  const document = () => app.openapiDocument();
  let page: string | null = null;
  app.get(
    "/openapi.json",
    { schema: { operationId: "openapi", summary: "This document", tags: operations, response: { 200: objectResponse("OpenAPI 3.1") } } },
    () => document(),
  );
  app.get(
    "/docs",
    {
      schema: {
        operationId: "docs",
        summary: "This document as a web page (self-contained, no scripts)",
        tags: operations,
        response: { 200: textResponse("HTML", "text/html") },
      },
    },
    async (_req, reply) => {
      reply.header("content-type", "text/html; charset=utf-8");
      reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
      page ??= docsPage(await document());
      return page;
    },
  );
  done();
};

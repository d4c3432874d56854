// The format of nb2svc.json, as JSON Schema (draft 7): ajv validates a config with it and json-schema-to-ts derives
// the config's type from it, so the format is defined once. docs/nb2svc.schema.json is this object written out for
// editors and users (tools/write-config-schema.ts; test/config/schema.test.ts keeps the two equal).
import type { FromSchema } from "json-schema-to-ts";

export const CONFIG_SCHEMA = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "nb2svc.json",
  "description": "The choices the nb2svc wizard made for one notebook, replayed by `nb2svc convert --config nb2svc.json --yes`. Paths are relative to this file. Command-line options override these settings. See docs/config.md.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "description": "Where editors find this schema (ignored by nb2svc).",
      "type": "string"
    },
    "version": {
      "description": "The format's version; this schema describes version 1.",
      "const": 1
    },
    "notebook": {
      "description": "The notebook to convert, relative to this file.",
      "type": "string",
      "minLength": 1
    },
    "out": {
      "description": "The folder the service is written to, relative to this file. It must be empty or absent (or pass --force).",
      "type": "string",
      "minLength": 1
    },
    "name": {
      "description": "The service's name: an npm package, container image and Kubernetes name (lowercase letters, digits and dashes).",
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]{0,49}$"
    },
    "model": {
      "description": "The ONNX file to serve, relative to this file (default: the one the notebook exports and calls).",
      "type": "string",
      "minLength": 1
    },
    "preprocess": {
      "description": "The notebook function that turns a request into the model's input (default: detected).",
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"
    },
    "postprocess": {
      "description": "The notebook function that turns the model's output into the response (default: detected).",
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"
    },
    "port": {
      "description": "The port the service listens on by default (PORT overrides it at run time).",
      "type": "integer",
      "minimum": 1,
      "maximum": 65535
    },
    "batching": {
      "description": "Merging concurrent requests into one model run (only for models with a dynamic first axis).",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "enabled": {
          "type": "boolean"
        },
        "maxBatchRows": {
          "description": "Most rows merged into one model run.",
          "type": "integer",
          "minimum": 1
        },
        "maxDelayMs": {
          "description": "Longest a request waits for others to join its batch, in milliseconds.",
          "type": "number",
          "minimum": 0
        },
        "maxQueueRows": {
          "description": "Most rows waiting; past it the service answers 503 with Retry-After.",
          "type": "integer",
          "minimum": 1
        }
      }
    },
    "container": {
      "description": "Write a Dockerfile and .dockerignore.",
      "type": "boolean"
    },
    "kubernetes": {
      "description": "Write Kubernetes manifests under k8s/.",
      "type": "boolean"
    },
    "verify": {
      "description": "Run the generated service's tests after writing it (--no-verify turns this off).",
      "type": "boolean"
    }
  }
} as const;

/** nb2svc.json as written in the file. */
export type ConfigFile = FromSchema<typeof CONFIG_SCHEMA>;

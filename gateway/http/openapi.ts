/** The OpenAPI 3.1 document, generated from the route specs and their Effect schemas. */
import { Schema } from "effect"
import { PROTOCOL_VERSION } from "../protocol.ts"
import type { ParameterStruct } from "../../engine/schema-issues.ts"
import { pathParameters, type RouteSpec } from "./define.ts"
import { Problem } from "./schemas.ts"
import { STATUS_OF } from "./problem.ts"

type Json = Record<string, unknown>

/** JSON Schema of one schema, with its named parts collected into `components`. */
const collect = (schema: Schema.Top, components: Json): Json => {
  const document = Schema.toJsonSchemaDocument(schema)
  const relink = (value: unknown): Json => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'))
  for (const [name, definition] of Object.entries(document.definitions)) components[name] = relink(definition)
  return relink(document.schema)
}

/** OpenAPI parameter objects from the very struct the route decodes its parameters with. */
const parametersOf = (struct: ParameterStruct<unknown> | undefined, where: "path" | "query", components: Json): Json[] =>
  Object.entries(struct?.fields ?? {}).map(([name, field]) => {
    const { description, ...schema } = collect(Schema.toType(field), components)
    return { name, in: where, required: where === "path" || field.ast.context?.isOptional !== true, ...(description ? { description } : {}), schema }
  })

export const openApiDocument = (specs: readonly RouteSpec<any>[]): Json => {
  const components: Json = {}
  const problem = { "application/problem+json": { schema: collect(Problem, components) } }
  const paths: Record<string, Json> = {}
  for (const spec of specs) {
    const responses: Json = {
      [String(spec.status ?? 200)]: spec.response
        ? { description: "success", content: { "application/json": { schema: collect(spec.response, components) } } }
        : { description: "success" },
      default: { description: "an RFC 9457 problem document; `code` is the protocol error code", content: problem },
    }
    if (spec.auth) responses[String(STATUS_OF.unauthorized)] = { description: "missing, expired or forged token", content: problem }
    paths[spec.path] = {
      ...paths[spec.path],
      [spec.method]: {
        summary: spec.summary,
        ...(spec.auth ? { security: [{ bearer: [] }] } : {}),
        parameters: [...parametersOf(pathParameters(spec), "path", components), ...parametersOf(spec.query, "query", components)],
        ...(spec.request ? { requestBody: { required: true, content: { "application/json": { schema: collect(spec.request, components) } } } } : {}),
        responses,
      },
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Studio API",
      version: `1.0.0`,
      description: `HTTP API beside the live protocol v${PROTOCOL_VERSION} at GET /live (WebSocket, MessagePack).`,
    },
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
  }
}

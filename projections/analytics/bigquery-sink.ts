/**
 * The BigQuery sink: streaming inserts through the REST API
 * (`tabledata.insertAll`), with each row's insertId for BigQuery's
 * de-duplication. It speaks HTTP directly rather than through the Google
 * client library: one endpoint, a bearer token, and nothing to install.
 *
 * Tokens: BIGQUERY_ACCESS_TOKEN when set (short-lived, for tools and tests),
 * otherwise the metadata server of the Google Cloud machine it runs on
 * (Cloud Run, GKE, Compute Engine), refreshed before it expires.
 */
import { Effect } from "effect"
import { ConfigError } from "../../engine/errors.ts"
import { AnalyticsSinkError, rowsProblem, type AnalyticsSink } from "./sink.ts"

export interface BigQueryConfig {
  readonly projectId: string
  readonly dataset: string
  /** https://bigquery.googleapis.com unless pointed elsewhere (a stand-in in tests). */
  readonly endpoint: string
  readonly token: () => Promise<string>
  readonly timeoutMs?: number
}

const METADATA_TOKEN_URL = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"

export const metadataServerToken = (fetcher: typeof fetch = fetch): (() => Promise<string>) => {
  let cached: { token: string; until: number } | undefined
  return async () => {
    if (cached && Date.now() < cached.until) return cached.token
    const response = await fetcher(METADATA_TOKEN_URL, { headers: { "Metadata-Flavor": "Google" }, signal: AbortSignal.timeout(3000) })
    if (!response.ok) throw new Error(`metadata server answered ${response.status}`)
    const body = (await response.json()) as { access_token: string; expires_in: number }
    cached = { token: body.access_token, until: Date.now() + (body.expires_in - 60) * 1000 }
    return cached.token
  }
}

/** BigQuery from the environment, or undefined when GOOGLE_CLOUD_PROJECT is not set. */
export const bigQueryConfigFromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): BigQueryConfig | undefined => {
  const projectId = env.GOOGLE_CLOUD_PROJECT?.trim()
  if (!projectId) return undefined
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId) && !/^[a-z0-9.-]+:[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) {
    throw new ConfigError({
      variable: "GOOGLE_CLOUD_PROJECT",
      problem: `${JSON.stringify(projectId)} is not a Google Cloud project id`,
      fix: "Use the project id (lowercase letters, digits, hyphens), or unset it for the embedded sink",
    })
  }
  const dataset = env.BIGQUERY_DATASET?.trim() || "studio"
  if (!/^[A-Za-z0-9_]{1,1024}$/.test(dataset))
    throw new ConfigError({
      variable: "BIGQUERY_DATASET",
      problem: `${JSON.stringify(dataset)} is not a dataset id`,
      fix: "Use letters, digits and _",
    })
  const endpoint = (env.BIGQUERY_API_ENDPOINT?.trim() || "https://bigquery.googleapis.com").replace(/\/+$/, "")
  if (!/^https?:\/\//.test(endpoint))
    throw new ConfigError({
      variable: "BIGQUERY_API_ENDPOINT",
      problem: `${JSON.stringify(endpoint)} is not an http(s) URL`,
      fix: "Unset it to use https://bigquery.googleapis.com",
    })
  const staticToken = env.BIGQUERY_ACCESS_TOKEN?.trim()
  return { projectId, dataset, endpoint, token: staticToken ? async () => staticToken : metadataServerToken() }
}

interface InsertAllResponse {
  readonly insertErrors?: ReadonlyArray<{
    readonly index: number
    readonly errors: ReadonlyArray<{ readonly reason?: string; readonly location?: string; readonly message?: string }>
  }>
  readonly error?: { readonly message?: string }
}

const refusal = (status: number, body: InsertAllResponse, table: string): AnalyticsSinkError => {
  const detail = body.error?.message ?? `HTTP ${status}`
  if (status === 401 || status === 403)
    return new AnalyticsSinkError({ message: `BigQuery refused the credentials for ${table}: ${detail}`, retriable: false })
  if (status === 404)
    return new AnalyticsSinkError({
      message: `BigQuery has no table ${table} (create it with the schema in analytics/bigquery-tables.ts): ${detail}`,
      retriable: false,
    })
  return new AnalyticsSinkError({
    message: `BigQuery insertAll into ${table} failed: ${detail}`,
    retriable: status === 408 || status === 429 || status >= 500,
  })
}

export const openBigQuerySink = (config: BigQueryConfig, fetcher: typeof fetch = fetch): AnalyticsSink => ({
  name: `bigquery:${config.projectId}.${config.dataset}`,
  insert: (table, rows) =>
    Effect.gen(function* () {
      const problem = rowsProblem(table, rows)
      if (problem) return yield* new AnalyticsSinkError({ message: problem, retriable: false })
      if (rows.length === 0) return
      const url = `${config.endpoint}/bigquery/v2/projects/${encodeURIComponent(config.projectId)}/datasets/${encodeURIComponent(config.dataset)}/tables/${table}/insertAll`
      const { status, body } = yield* Effect.tryPromise({
        try: async () => {
          const response = await fetcher(url, {
            method: "POST",
            headers: { authorization: `Bearer ${await config.token()}`, "content-type": "application/json" },
            // All or nothing: one invalid row fails the whole request, as the port promises.
            body: JSON.stringify({ kind: "bigquery#tableDataInsertAllRequest", skipInvalidRows: false, ignoreUnknownValues: false, rows }),
            signal: AbortSignal.timeout(config.timeoutMs ?? 30_000),
          })
          return { status: response.status, body: ((await response.json().catch(() => ({}))) ?? {}) as InsertAllResponse }
        },
        catch: (cause) =>
          new AnalyticsSinkError({
            message: `BigQuery unreachable at ${config.endpoint}: ${cause instanceof Error ? cause.message : String(cause)}`,
            retriable: true,
            cause,
          }),
      })
      if (status !== 200) return yield* refusal(status, body, table)
      const [first] = body.insertErrors ?? []
      if (first) {
        const error = first.errors.find((e) => e.reason !== "stopped") ?? first.errors[0]
        return yield* new AnalyticsSinkError({
          message:
            `BigQuery refused row ${first.index} of ${table}: ${error?.reason ?? "invalid"} ${error?.location ?? ""} ${error?.message ?? ""}`.trim(),
          retriable: false,
        })
      }
    }),
  close: () => Effect.void,
})

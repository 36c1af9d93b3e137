/**
 * The read side, as the gateway and a node's main use it. See README.md.
 *
 *   const readSide = await startReadSide(log, { store: readStoreConfig(), worker })  // all of the below, in a worker thread (a node's: gateway/read-side.ts)
 *
 *   const { store } = await openReadStore()             // PGlite, or DATABASE_URL
 *   const group = startProjectionGroup({ store, log, projections: ALL_PROJECTIONS })  // one log read and one transaction per tick
 *   const reads = inProcessReads(makeReadQueries(store, { embeddings: lexicalHashEmbeddings() }))  // the worker: what its entry hands in
 *   app.get("/api/metrics", (c) => c.text(projectionMetrics(), 200, { "content-type": PROMETHEUS_CONTENT_TYPE }))
 */
export { ALL_PROJECTIONS } from "./all.ts"
export { analyticsProjection } from "./analytics/facts.ts"
export { projectionMetrics, PROMETHEUS_CONTENT_TYPE } from "./runner/metrics.ts"
export { startProjectionRunner, type ProjectionRunner, type RunnerOptions } from "./runner/runner.ts"
export { startProjectionGroup, type ProjectionGroup } from "./runner/group.ts"
export { resumeProjection, listDeadLetters } from "./runner/dead-letters.ts"
export type { ReadStore, Viewer } from "./store/port.ts"
export { openReadStore, readStoreConfig } from "./store/open.ts"
export { makeReadQueries, ReadRefused, type PassageSource } from "./reads/run.ts"
export { inProcessReads, type ReadService } from "./reads/service.ts"
export type { ReadQuery, ReadQueryName, ReadAnswer, ReadOutcome, ReadError } from "./reads/queries.ts"
export { lexicalHashEmbeddings } from "./embeddings/lexical-hash.ts"
export type { Embeddings } from "./embeddings/port.ts"
export { cardsProjection, makeCardsProjection } from "./models/cards.ts"
export { exportFacts, startAnalyticsExport } from "./analytics/exporter.ts"
export { launchReadSide, startReadSide, type ReadSide, type ReadSideApi } from "./read-side/read-side.ts"
export { DEFAULT_CACHE_SETTINGS } from "./read-side/response-cache.ts"
export { openBigQuerySink, bigQueryConfigFromEnv } from "./analytics/bigquery-sink.ts"
export { openNdjsonSink } from "./analytics/ndjson-sink.ts"
export { analyticsExportFromEnv, describeAnalyticsExport, type AnalyticsExportSettings } from "./analytics/export-settings.ts"

/**
 * The model-free adapter lives with the port in projections/embeddings/: the
 * card read model uses it by default, in every thread that runs projections
 * without a configured model (tests, tools).
 */
export * from "../../projections/embeddings/lexical-hash.ts"

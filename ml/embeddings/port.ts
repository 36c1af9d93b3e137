/**
 * The embeddings port, declared where the card read model stores vectors
 * (projections/embeddings/port.ts, so the read side needs nothing from ml/);
 * the adapters with a model live here: universal-sentence-encoder.ts and
 * openai.ts, chosen by config.ts.
 */
export * from "../../projections/embeddings/port.ts"

import { describe, expect, it } from "vitest"
import { DEFAULT_EMBEDDINGS, embeddingsConfigFromEnv, EmbeddingsConfigError, makeEmbeddings } from "./config.ts"
import { USE_LITE_MODEL } from "./universal-sentence-encoder.ts"

const failure = (env: Record<string, string>) => {
  try {
    embeddingsConfigFromEnv(env)
  } catch (error) {
    expect(error).toBeInstanceOf(EmbeddingsConfigError)
    return (error as Error).message
  }
  throw new Error("expected a configuration error")
}

describe("embeddings configuration", () => {
  it("defaults to the local sentence encoder", () => {
    expect(DEFAULT_EMBEDDINGS).toBe("local")
    expect(embeddingsConfigFromEnv({})).toEqual({ kind: "local" })
    expect(makeEmbeddings(embeddingsConfigFromEnv({})).model).toBe(USE_LITE_MODEL)
    expect(makeEmbeddings(embeddingsConfigFromEnv({ STUDIO_EMBEDDINGS: "lexical" })).dimension).toBe(256)
  })

  it("reads an OpenAI-compatible server's settings", () => {
    const env = {
      STUDIO_EMBEDDINGS: "openai",
      OPENAI_API_KEY: "k",
      STUDIO_EMBEDDINGS_MODEL: "text-embedding-3-small",
      OPENAI_BASE_URL: "http://127.0.0.1:1/v1",
    }
    expect(embeddingsConfigFromEnv(env)).toEqual({
      kind: "openai",
      apiKey: "k",
      model: "text-embedding-3-small",
      baseURL: "http://127.0.0.1:1/v1",
      dimension: 512,
    })
    expect(makeEmbeddings(embeddingsConfigFromEnv({ ...env, STUDIO_EMBEDDINGS_DIMENSION: "256" })).model).toBe("openai:text-embedding-3-small:256")
  })

  it.each([
    [{ STUDIO_EMBEDDINGS: "semantic" }, "STUDIO_EMBEDDINGS"],
    [{ STUDIO_EMBEDDINGS: "openai", STUDIO_EMBEDDINGS_MODEL: "m" }, "OPENAI_API_KEY"],
    [{ STUDIO_EMBEDDINGS: "openai", OPENAI_API_KEY: "k" }, "STUDIO_EMBEDDINGS_MODEL"],
    [{ STUDIO_EMBEDDINGS: "openai", OPENAI_API_KEY: "k", STUDIO_EMBEDDINGS_MODEL: "m", OPENAI_BASE_URL: "not a url" }, "OPENAI_BASE_URL"],
    [
      { STUDIO_EMBEDDINGS: "openai", OPENAI_API_KEY: "k", STUDIO_EMBEDDINGS_MODEL: "m", STUDIO_EMBEDDINGS_DIMENSION: "4096" },
      "STUDIO_EMBEDDINGS_DIMENSION",
    ],
  ])("refuses %j in one line naming %s", (env, variable) => {
    const message = failure(env)
    expect(message.startsWith(variable)).toBe(true)
    expect(message).not.toContain("\n")
  })
})

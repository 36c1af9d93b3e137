/**
 * Which language model a node uses, from its environment: an
 * OpenAI-compatible server when OPENAI_BASE_URL or OPENAI_API_KEY is set
 * (STUDIO_COACH_MODEL names the model), otherwise the extractive coach.
 * STUDIO_COACH_GGUF (a local GGUF file through node-llama-cpp) is not in
 * this build: setting it fails the start with one line saying so.
 */
import { extractiveLanguageModel } from "./extractive.ts"
import { DEFAULT_COACH_MODEL, openAiLanguageModel } from "./openai.ts"
import type { LanguageModel } from "./port.ts"

export class LanguageModelConfigError extends Error {}

export const languageModelFromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): LanguageModel => {
  if (env["STUDIO_COACH_GGUF"]) {
    throw new LanguageModelConfigError(
      "STUDIO_COACH_GGUF is not supported in this build (node-llama-cpp is not installed): unset it, or serve the GGUF with llama.cpp's server and set OPENAI_BASE_URL to it",
    )
  }
  const baseURL = env["OPENAI_BASE_URL"]
  const apiKey = env["OPENAI_API_KEY"]
  if (!baseURL && !apiKey) return extractiveLanguageModel()
  if (baseURL && !/^https?:\/\//.test(baseURL))
    throw new LanguageModelConfigError(
      `OPENAI_BASE_URL must be an http(s) URL like http://localhost:11434/v1, not ${JSON.stringify(baseURL.slice(0, 80))}`,
    )
  // Local servers (Ollama, vLLM, llama.cpp) take any key; the client insists on one.
  return openAiLanguageModel({
    ...(baseURL ? { baseURL } : {}),
    apiKey: apiKey ?? "not-needed",
    model: env["STUDIO_COACH_MODEL"] || DEFAULT_COACH_MODEL,
  })
}

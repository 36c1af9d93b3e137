/** Token settings from the environment; a missing secret is fine in development, a weak one never. */
import { randomBytes } from "node:crypto"
import { ConfigError } from "../../engine/errors.ts"
import type { TokenSettings } from "./tokens.ts"

const seconds = (env: Record<string, string | undefined>, variable: string, fallback: number): number => {
  const raw = env[variable]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 10 || value > 90 * 86_400) {
    throw new ConfigError({
      variable,
      problem: `${JSON.stringify(raw)} is not a number of seconds from 10 to ${90 * 86_400}`,
      fix: `Set ${variable}=${fallback} or unset it`,
    })
  }
  return value
}

export const tokenSettingsFromEnv = (env: Record<string, string | undefined>, warn: (line: string) => void): TokenSettings => {
  const raw = env["STUDIO_JWT_SECRET"]
  let secret: Uint8Array
  if (raw === undefined || raw === "") {
    warn(
      "STUDIO_JWT_SECRET is not set: using a random secret, so tokens die with this process and other nodes reject them. Set it (32+ characters) in production.",
    )
    secret = randomBytes(32)
  } else if (raw.length < 32) {
    throw new ConfigError({
      variable: "STUDIO_JWT_SECRET",
      problem: `only ${raw.length} characters`,
      fix: "Use at least 32 random characters, e.g. `openssl rand -base64 48`",
    })
  } else {
    secret = new TextEncoder().encode(raw)
  }
  return {
    secret,
    accessTtlSeconds: seconds(env, "STUDIO_ACCESS_TTL_SECONDS", 15 * 60),
    refreshTtlSeconds: seconds(env, "STUDIO_REFRESH_TTL_SECONDS", 7 * 86_400),
  }
}

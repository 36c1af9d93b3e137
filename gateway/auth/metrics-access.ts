/**
 * Who may read /api/metrics: the node's host, process and activity volume
 * are for operators, not for every caller on the internet, nor for an
 * organization's admin (the figures cover every tenant on the node). A
 * scraper sends STUDIO_METRICS_TOKEN as a bearer token (Prometheus:
 * `authorization: {credentials: ...}`); without one set, metrics are off.
 */
import { createHash, timingSafeEqual } from "node:crypto"
import { ConfigError } from "../../engine/errors.ts"
import { bearerToken } from "./bearer.ts"

export type MetricsAccess = { readonly enabled: false } | { readonly enabled: true; readonly allows: (authorization: string | undefined) => boolean }

const MIN_TOKEN_LENGTH = 24

const digest = (text: string) => createHash("sha256").update(text).digest()

export const metricsAccess = (token: string | undefined): MetricsAccess => {
  if (!token) return { enabled: false }
  const expected = digest(token)
  return {
    enabled: true,
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    allows: (authorization) => {
      const token = bearerToken(authorization)
      return token !== undefined && timingSafeEqual(digest(token), expected)
    },
  }
}

export const metricsAccessFromEnv = (env: Record<string, string | undefined>): MetricsAccess => {
  const raw = env["STUDIO_METRICS_TOKEN"]
  if (raw !== undefined && raw !== "" && raw.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError({
      variable: "STUDIO_METRICS_TOKEN",
      problem: `only ${raw.length} characters`,
      fix: `Use at least ${MIN_TOKEN_LENGTH} random characters, e.g. \`openssl rand -base64 32\`, or unset it to turn /api/metrics off`,
    })
  }
  return metricsAccess(raw)
}

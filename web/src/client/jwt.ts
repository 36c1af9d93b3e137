/**
 * What the client reads from its own tokens, unverified (the server verifies):
 * who the token is for, to keep each user's pending commands apart, and how
 * long it lives, to refresh it in time.
 */

export interface TokenClaims {
  /** The user id (`sub`). */
  readonly user?: string
  readonly tenant?: string
  /** Seconds since the epoch. */
  readonly issuedAt?: number
  readonly expiresAt?: number
}

const base64UrlDecode = (text: string): string => {
  const base64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=")
  const binary = atob(base64)
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  return new TextDecoder().decode(bytes)
}

export const readClaims = (token: string): TokenClaims => {
  try {
    const payload = JSON.parse(base64UrlDecode(token.split(".")[1] ?? "")) as Record<string, unknown>
    const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined)
    const str = (value: unknown) => (typeof value === "string" ? value : undefined)
    const claims: { -readonly [K in keyof TokenClaims]: TokenClaims[K] } = {}
    const user = str(payload["sub"]),
      tenant = str(payload["tenant"]),
      iat = num(payload["iat"]),
      exp = num(payload["exp"])
    if (user !== undefined) claims.user = user
    if (tenant !== undefined) claims.tenant = tenant
    if (iat !== undefined) claims.issuedAt = iat
    if (exp !== undefined) claims.expiresAt = exp
    return claims
  } catch {
    return {}
  }
}

/**
 * How long after receiving the token to renew it, in ms. Measured from its
 * own lifetime (exp - iat) rather than the device clock, which may be off by
 * minutes on a phone; a second is taken off for the whole-second claims. It
 * renews a minute early, or halfway through a short-lived token.
 */
export const renewAfterMs = (claims: TokenClaims): number | undefined => {
  if (claims.expiresAt === undefined || claims.issuedAt === undefined) return undefined
  const lifetime = (claims.expiresAt - claims.issuedAt - 1) * 1000
  if (lifetime <= 0) return 0
  return lifetime - Math.min(60_000, lifetime / 2)
}

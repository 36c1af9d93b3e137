/**
 * Signed tokens (HS256 JWTs with jose). An access token is short-lived and
 * names the user, its tenant and roles; a refresh token lives longer and is
 * only good for getting a new access token. A guest's tokens carry the one
 * address they may use.
 */
import { SignJWT, jwtVerify } from "jose"
import type { Role, User } from "../../engine/actor-kind.ts"
import { scopedUser } from "./guest-scope.ts"

export type TokenUse = "access" | "refresh"

export interface Identity {
  readonly user: User
  readonly name?: string
  /** For guests: the only address (wire form) this identity may name. */
  readonly scope?: string
}

export interface VerifiedToken extends Identity {
  readonly use: TokenUse
  /** Seconds since the epoch. */
  readonly expiresAt: number
}

export interface TokenSettings {
  readonly secret: Uint8Array
  readonly accessTtlSeconds: number
  readonly refreshTtlSeconds: number
}

const ISSUER = "studio"
/** Verified tokens kept (per use) so that a client's every request does not pay for an HMAC check again; failures are never kept. */
const VERIFIED_CACHE_ENTRIES = 10_000
const ROLES = new Set<Role>(["admin", "facilitator", "participant", "educator", "guest"])

export const makeTokens = (settings: TokenSettings) => {
  const issue = async (identity: Identity, use: TokenUse): Promise<string> => {
    const ttl = use === "access" ? settings.accessTtlSeconds : settings.refreshTtlSeconds
    return new SignJWT({ tenant: identity.user.tenant, roles: identity.user.roles, use, name: identity.name, scope: identity.scope })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(ISSUER)
      .setSubject(identity.user.id)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(settings.secret)
  }

  /** One map per use: a lookup keys on the token as it came, with no string built per request. */
  const verified: Record<TokenUse, Map<string, VerifiedToken>> = { access: new Map(), refresh: new Map() }

  /** The token's identity, or undefined when it is forged, expired, malformed or meant for another use. */
  const verify = async (token: string, use: TokenUse): Promise<VerifiedToken | undefined> => {
    const kept = verified[use]
    const known = kept.get(token)
    if (known) {
      if (known.expiresAt * 1000 > Date.now()) return known
      kept.delete(token)
      return undefined
    }
    const identity = await verifySignature(token, use)
    if (identity) {
      if (kept.size >= VERIFIED_CACHE_ENTRIES) kept.delete(kept.keys().next().value!)
      kept.set(token, identity)
    }
    return identity
  }

  const verifySignature = async (token: string, use: TokenUse): Promise<VerifiedToken | undefined> => {
    try {
      const { payload } = await jwtVerify(token, settings.secret, { issuer: ISSUER, algorithms: ["HS256"] })
      const { sub, tenant, roles, exp, name, scope } = payload as Record<string, unknown>
      const rolesOk = Array.isArray(roles) && roles.every((r) => ROLES.has(r as Role))
      if (payload["use"] !== use || typeof sub !== "string" || typeof tenant !== "string" || !rolesOk || typeof exp !== "number") return undefined
      return {
        use,
        expiresAt: exp,
        user: scopedUser({ id: sub, tenant, roles: roles as Role[] }, typeof scope === "string" ? scope : undefined),
        ...(typeof name === "string" ? { name } : {}),
        ...(typeof scope === "string" ? { scope } : {}),
      }
    } catch {
      return undefined
    }
  }

  return { issue, verify, settings }
}

export type Tokens = ReturnType<typeof makeTokens>

export const issuePair = async (tokens: Tokens, identity: Identity) => ({
  token: await tokens.issue(identity, "access"),
  refreshToken: await tokens.issue(identity, "refresh"),
})

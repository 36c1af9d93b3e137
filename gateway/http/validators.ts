/**
 * HTTP validators for read answers: a weak ETag names the tenant's
 * read-model version, the viewer and the content language, so a client
 * revalidating an unchanged list gets a 304 without a query.
 */
import { randomBytes } from "node:crypto"
import type { User } from "../../engine/actor-kind.ts"
import { viewerKey } from "../../projections/read-side/cache-keys.ts"

/** Versions restart with the process; the boot id keeps an old ETag from matching a new version. */
const BOOT = randomBytes(4).toString("hex")

/** 32-bit FNV-1a: short, and a collision could only make two viewers share a validator, never an answer. */
const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** Per user object (the verified-token cache hands out the same one for a token): hashing the viewer key is most of a validator's cost. */
const viewerHashes = new WeakMap<User, string>()
const viewerHash = (user: User): string => {
  let hash = viewerHashes.get(user)
  if (hash === undefined) viewerHashes.set(user, (hash = fnv1a(viewerKey(user))))
  return hash
}

/** `language`: the content language Accept-Language chose, when not English (the same URL answers differently per language). */
export const etagFor = (version: number, user: User, language?: string): string =>
  `W/"${BOOT}.${version}.${viewerHash(user)}${language ? `.${language}` : ""}"`

/** `If-None-Match` holds a list of tags, or `*`; weak comparison, as RFC 9110 asks for GET. */
export const matchesEtag = (header: string | undefined, etag: string): boolean => {
  if (!header) return false
  if (header.trim() === "*") return true
  const bare = etag.replace(/^W\//, "")
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare)
}

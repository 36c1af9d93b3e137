/**
 * Password hashes with scrypt from node:crypto. The parameters travel in the
 * hash (`scrypt$N$r$p$salt$hash`), so the cost can rise without breaking
 * stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto"

const KEY_LENGTH = 32
export const DEFAULT_SCRYPT_COST = 16384
export const MIN_PASSWORD_LENGTH = 8

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )

export const hashPassword = async (password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> => {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { N: cost, r: 8, p: 1 })
  return `scrypt$${cost}$8$1$${salt.toString("base64")}$${key.toString("base64")}`
}

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, "base64")
  const key = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
let decoy: Promise<string> | undefined
export const verifyAgainstDecoy = async (password: string): Promise<false> => {
  decoy ??= hashPassword("decoy password that matches nothing")
  await verifyPassword(password, await decoy)
  return false
}

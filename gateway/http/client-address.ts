/**
 * The client's address, for per-address limits. The socket's peer is the
 * client unless it is a proxy named in STUDIO_TRUSTED_PROXIES; then the
 * client is the rightmost `X-Forwarded-For` entry that is not itself a
 * trusted proxy (each proxy appends the peer it saw, so entries left of
 * that one are whatever the client chose to send). An untrusted peer's
 * `X-Forwarded-For` is never read.
 */
import { ConfigError } from "../../engine/errors.ts"

/** Every address as 128 bits; IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), so one range check covers both. */
type Ip = bigint

const V4_MAPPED = 0xffffn << 32n
const V4_MASK = (1n << 32n) - 1n

const parseV4 = (text: string): bigint | undefined => {
  const parts = text.split(".")
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined
    value = (value << 8n) | BigInt(part)
  }
  return value
}

const parseV6 = (text: string): bigint | undefined => {
  const halves = text.split("::")
  if (halves.length > 2) return undefined
  const groups = (half: string): bigint[] | undefined => {
    if (half === "") return []
    const out: bigint[] = []
    const parts = half.split(":")
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!
      if (i === parts.length - 1 && part.includes(".")) {
        const v4 = parseV4(part)
        if (v4 === undefined) return undefined
        out.push(v4 >> 16n, v4 & 0xffffn)
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(BigInt(`0x${part}`))
      else return undefined
    }
    return out
  }
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  let value = 0n
  for (const group of [...head, ...Array<bigint>(missing).fill(0n), ...tail]) value = (value << 16n) | group
  return value
}

/** An address as a transport or a proxy writes it: IPv4, IPv6 (with or without brackets or a zone), with or without a port. */
export const parseIp = (raw: string): Ip | undefined => {
  if (typeof raw !== "string") return undefined
  let text = raw.trim()
  if (text.length === 0 || text.length > 64) return undefined
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text)
  if (bracketed) text = bracketed[1]!
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(":"))
  const zone = text.indexOf("%")
  if (zone >= 0) text = text.slice(0, zone)
  if (!text.includes(":")) {
    const v4 = parseV4(text)
    return v4 === undefined ? undefined : V4_MAPPED | v4
  }
  return parseV6(text)
}

const isV4 = (ip: Ip): boolean => ip >> 32n === 0xffffn

/** Canonical text: dotted IPv4 for IPv4 (mapped or not), RFC 5952 IPv6 otherwise. */
export const formatIp = (ip: Ip): string => {
  if (isV4(ip)) return [24n, 16n, 8n, 0n].map((shift) => String(((ip & V4_MASK) >> shift) & 0xffn)).join(".")
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt((7 - i) * 16)) & 0xffffn))
  let best = { start: -1, length: 1 }
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > best.length) best = { start: i, length: j - i }
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((group) => group.toString(16))
  if (best.start < 0) return hex.join(":")
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`
}

/** Proxies whose `X-Forwarded-For` is believed: single addresses and CIDR ranges, IPv4 or IPv6. */
export class TrustedProxies {
  static readonly none = new TrustedProxies([])

  private constructor(private readonly ranges: ReadonlyArray<{ readonly network: bigint; readonly prefix: number }>) {}

  /** Each entry an address or `address/prefix`; throws a one-line Error naming the entry that is neither. */
  static parse(entries: readonly string[]): TrustedProxies {
    const ranges = entries.map((entry) => {
      const [address, prefixText, ...rest] = entry.trim().split("/")
      const ip = parseIp(address ?? "")
      if (ip === undefined || rest.length > 0 || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)))
        throw new Error(`${JSON.stringify(entry)} is not an IP address or CIDR range`)
      const bits = isV4(ip) && !address!.includes(":") ? 32 : 128
      const prefix = prefixText === undefined ? bits : Number(prefixText)
      if (prefix > bits) throw new Error(`${JSON.stringify(entry)} has a prefix longer than ${bits} bits`)
      const full = prefix + (128 - bits)
      return { network: full === 0 ? 0n : ip >> BigInt(128 - full), prefix: full }
    })
    return new TrustedProxies(ranges)
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0
  }

  has(ip: Ip): boolean {
    return this.ranges.some(({ network, prefix }) => (prefix === 0 ? true : ip >> BigInt(128 - prefix) === network))
  }
}

/** STUDIO_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; unset trusts no proxy. */
export const trustedProxiesFromEnv = (env: Readonly<Record<string, string | undefined>>): TrustedProxies => {
  const raw = env["STUDIO_TRUSTED_PROXIES"]?.trim()
  if (!raw) return TrustedProxies.none
  try {
    return TrustedProxies.parse(raw.split(",").filter((entry) => entry.trim() !== ""))
  } catch (error) {
    throw new ConfigError({
      variable: "STUDIO_TRUSTED_PROXIES",
      problem: error instanceof Error ? error.message : String(error),
      fix: "List the proxies in front of the node as comma-separated addresses or CIDR ranges (e.g. 10.0.0.5,192.168.0.0/16,::1), or unset it",
    })
  }
}

/**
 * The client behind `peer` (the socket's address). `forwardedFor` is every
 * X-Forwarded-For value the request carried, comma-joined. An entry that is
 * not an address stops the walk: the last trusted hop is then all we know.
 */
export const clientAddress = (peer: string, forwardedFor: string | undefined, trusted: TrustedProxies): string => {
  const peerIp = parseIp(peer)
  if (peerIp === undefined) return peer
  let client = peerIp
  if (forwardedFor && trusted.has(peerIp)) {
    const hops = forwardedFor.split(",")
    // A proxy chain longer than this is not one we were told about.
    for (let i = hops.length - 1; i >= Math.max(0, hops.length - 32) && trusted.has(client); i--) {
      const hop = parseIp(hops[i]!)
      if (hop === undefined) break
      client = hop
    }
  }
  return formatIp(client)
}

/** What gateway.ts hands the HTTP app as its environment (Hono's `c.env`), so routes see the client's address. */
export interface ClientAddressEnv {
  readonly trustedProxies: TrustedProxies
}

/** For a route: the peer header the transport set, the request's X-Forwarded-For, and the app's environment. */
export const requestClientAddress = (peer: string | undefined, forwardedFor: string | undefined, env: unknown): string => {
  const trusted = (env as Partial<ClientAddressEnv> | undefined)?.trustedProxies
  return clientAddress(peer ?? "unknown", forwardedFor, trusted instanceof TrustedProxies ? trusted : TrustedProxies.none)
}

/**
 * A live socket's client. Transports that read the upgrade request's
 * X-Forwarded-For pass it as `forwardedFor` ("" when absent); from one that
 * does not, a trusted proxy's clients cannot be told apart, and this is
 * undefined so that no per-address limit lumps them together.
 */
export const socketClientAddress = (
  socket: { readonly remoteAddress: string; readonly forwardedFor?: string },
  trusted: TrustedProxies,
): string | undefined => {
  if (socket.forwardedFor !== undefined) return clientAddress(socket.remoteAddress, socket.forwardedFor, trusted)
  const peer = parseIp(socket.remoteAddress)
  if (peer !== undefined && trusted.has(peer)) return undefined
  return clientAddress(socket.remoteAddress, undefined, trusted)
}

/**
 * The key per-address limits count under: the address itself for IPv4, its
 * /64 for IPv6 (one subscriber usually holds a whole /64, so single IPv6
 * addresses would hand a guesser a fresh allowance per address).
 */
export const addressLimitKey = (address: string): string => {
  const ip = parseIp(address)
  if (ip === undefined || isV4(ip)) return address
  return `${formatIp((ip >> 64n) << 64n)}/64`
}

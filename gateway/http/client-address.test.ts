/** Who the client is: the socket's peer, or X-Forwarded-For only as far as it was written by trusted proxies. */
import { describe, expect, it } from "vitest"
import { TrustedProxies, addressLimitKey, clientAddress, formatIp, parseIp, socketClientAddress, trustedProxiesFromEnv } from "./client-address.ts"

const trusted = TrustedProxies.parse(["10.0.0.0/8", "192.168.1.5", "fd00::/8"])

describe("client address", () => {
  it("reads the addresses transports and proxies write, in one canonical form", () => {
    const canonical = (text: string) => {
      const ip = parseIp(text)
      return ip === undefined ? undefined : formatIp(ip)
    }
    expect(canonical("127.0.0.1")).toBe("127.0.0.1")
    expect(canonical("::ffff:127.0.0.1")).toBe("127.0.0.1")
    expect(canonical("0000:0000:0000:0000:0000:ffff:7f00:0001")).toBe("127.0.0.1")
    expect(canonical("203.0.113.9:51234")).toBe("203.0.113.9")
    expect(canonical("[2001:DB8::1]:443")).toBe("2001:db8::1")
    expect(canonical("fe80::1%eth0")).toBe("fe80::1")
    expect(canonical("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1")
    expect(canonical("::1")).toBe("::1")
    for (const bad of ["", "unknown", "1.2.3", "256.1.1.1", "1::2::3", "1:2:3:4:5:6:7:8:9", "nope.example", "1.2.3.4.5"])
      expect(canonical(bad), bad).toBeUndefined()
  })

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", trusted)).toBe("203.0.113.9")
    expect(clientAddress("203.0.113.9", "198.51.100.1", TrustedProxies.none)).toBe("203.0.113.9")
  })

  it("from a trusted proxy, takes the rightmost entry that is not itself a trusted proxy", () => {
    expect(clientAddress("10.1.2.3", "198.51.100.1", trusted)).toBe("198.51.100.1")
    // The client wrote "1.1.1.1" itself; the proxies appended what they saw.
    expect(clientAddress("10.1.2.3", "1.1.1.1, 198.51.100.1, 192.168.1.5", trusted)).toBe("198.51.100.1")
    expect(clientAddress("::ffff:10.1.2.3", "2001:db8::7", trusted)).toBe("2001:db8::7")
    // Without a forwarded entry, or when every hop is trusted, the nearest we know.
    expect(clientAddress("10.1.2.3", undefined, trusted)).toBe("10.1.2.3")
    expect(clientAddress("10.1.2.3", "10.9.9.9", trusted)).toBe("10.9.9.9")
    // An entry that is not an address stops the walk at the last trusted hop.
    expect(clientAddress("10.1.2.3", "198.51.100.1, garbage", trusted)).toBe("10.1.2.3")
  })

  it("a live socket behind a trusted proxy whose transport does not pass X-Forwarded-For has no address to limit by", () => {
    expect(socketClientAddress({ remoteAddress: "10.1.2.3" }, trusted)).toBeUndefined()
    expect(socketClientAddress({ remoteAddress: "10.1.2.3", forwardedFor: "198.51.100.1" }, trusted)).toBe("198.51.100.1")
    expect(socketClientAddress({ remoteAddress: "203.0.113.9" }, trusted)).toBe("203.0.113.9")
  })

  it("limits count IPv6 clients by their /64", () => {
    expect(addressLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64")
    expect(addressLimitKey("2001:db8:1:2:bbbb::9")).toBe("2001:db8:1:2::/64")
    expect(addressLimitKey("203.0.113.9")).toBe("203.0.113.9")
  })

  it("STUDIO_TRUSTED_PROXIES takes addresses and CIDR ranges, and a bad entry stops the start in one line naming the variable", () => {
    const proxies = trustedProxiesFromEnv({ STUDIO_TRUSTED_PROXIES: " 127.0.0.1 , 172.16.0.0/12,::1" })
    expect(clientAddress("172.20.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1")
    expect(clientAddress("::1", "198.51.100.1", proxies)).toBe("198.51.100.1")
    expect(clientAddress("172.32.0.1", "198.51.100.1", proxies)).toBe("172.32.0.1")
    expect(trustedProxiesFromEnv({}).isEmpty).toBe(true)
    for (const bad of ["proxy.internal", "10.0.0.0/33", "10.0.0.1/8/2", "::1/129"]) {
      let message = ""
      try {
        trustedProxiesFromEnv({ STUDIO_TRUSTED_PROXIES: `127.0.0.1,${bad}` })
      } catch (error) {
        message = error instanceof Error ? error.message : String(error)
      }
      expect(message).toMatch(/^STUDIO_TRUSTED_PROXIES: /)
      expect(message).not.toContain("\n")
      expect(message).toContain(JSON.stringify(bad))
    }
  })
})

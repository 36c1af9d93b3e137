/**
 * Sign-in throttling on an explicit clock: a stranger cannot lock a member
 * out, a guesser from one address waits longer after each failure, a
 * distributed guesser is bounded by the account-wide cap, and the failure
 * back-off itself doubles, caps and forgets.
 */
import { describe, expect, it } from "vitest"
import { LoginThrottle, defaultLoginThrottleSettings, type LoginAttempt, type LoginRefusal } from "./login-throttle.ts"
import { FailureBackoff, KeyedLimiter } from "./rate-limit.ts"

const ACCOUNT = "member@demo.example"
const T0 = 1_700_000_000_000

/** One attempt that fails (when admitted); returns the refusal, if any. */
const wrong = (throttle: LoginThrottle, address: string, now: number, account = ACCOUNT): LoginRefusal | undefined => {
  const result = throttle.admit(address, account, now)
  if (!result.ok) return result
  result.failed(now)
  return undefined
}

const right = (throttle: LoginThrottle, address: string, now: number, account = ACCOUNT): LoginAttempt | LoginRefusal => {
  const result = throttle.admit(address, account, now)
  if (result.ok) result.succeeded()
  return result
}

describe("login throttle", () => {
  it("a stranger's wrong passwords, however many, never refuse the owner's right one from another address", () => {
    const throttle = new LoginThrottle()
    // One wrong attempt every 12 s for an hour: what locked the account before.
    for (let i = 0; i < 300; i++) wrong(throttle, "203.0.113.9", T0 + i * 12_000)
    expect(right(throttle, "198.51.100.7", T0 + 300 * 12_000)).toMatchObject({ ok: true })
  })

  it("a guesser from one address gets five tries, then waits 1 s, 2 s, 4 s ... and a right password does not slip past the wait", () => {
    const throttle = new LoginThrottle()
    for (let i = 0; i < 5; i++) expect(wrong(throttle, "203.0.113.9", T0)).toBeUndefined()
    expect(wrong(throttle, "203.0.113.9", T0)).toBeUndefined()
    expect(throttle.admit("203.0.113.9", ACCOUNT, T0)).toMatchObject({ ok: false, waitMs: 1_000, reason: expect.stringContaining("your address") })
    expect(right(throttle, "203.0.113.9", T0 + 999)).toMatchObject({ ok: false })
    expect(wrong(throttle, "203.0.113.9", T0 + 1_000)).toBeUndefined()
    expect(throttle.admit("203.0.113.9", ACCOUNT, T0 + 1_000)).toMatchObject({ ok: false, waitMs: 2_000 })
    expect(wrong(throttle, "203.0.113.9", T0 + 3_000)).toBeUndefined()
    expect(throttle.admit("203.0.113.9", ACCOUNT, T0 + 3_000)).toMatchObject({ ok: false, waitMs: 4_000 })
  })

  it("in an hour one address gets a few dozen guesses at one account, not thousands", () => {
    const throttle = new LoginThrottle()
    let guesses = 0
    for (let now = T0; now < T0 + 3_600_000; now += 1_000) if (wrong(throttle, "203.0.113.9", now) === undefined) guesses++
    expect(guesses).toBeLessThan(25)
  })

  it("a right password clears the pair's failures", () => {
    const throttle = new LoginThrottle()
    for (let i = 0; i < 5; i++) wrong(throttle, "198.51.100.7", T0)
    expect(right(throttle, "198.51.100.7", T0)).toMatchObject({ ok: true })
    for (let i = 0; i < 5; i++) expect(wrong(throttle, "198.51.100.7", T0)).toBeUndefined()
  })

  it("one attempt at a time per address and account: parallel guesses cannot all start before the first failure counts", () => {
    const throttle = new LoginThrottle()
    const first = throttle.admit("203.0.113.9", ACCOUNT, T0)
    expect(first.ok).toBe(true)
    expect(throttle.admit("203.0.113.9", ACCOUNT, T0)).toMatchObject({ ok: false })
    expect(throttle.admit("198.51.100.7", ACCOUNT, T0)).toMatchObject({ ok: true })
    if (first.ok) first.end()
    expect(throttle.admit("203.0.113.9", ACCOUNT, T0)).toMatchObject({ ok: true })
  })

  it("spraying many accounts from one address is throttled by address", () => {
    const throttle = new LoginThrottle()
    const { free } = defaultLoginThrottleSettings.address
    for (let i = 0; i < free; i++) expect(wrong(throttle, "203.0.113.9", T0, `user${i}@demo.example`)).toBeUndefined()
    expect(wrong(throttle, "203.0.113.9", T0, "another@demo.example")).toBeUndefined()
    expect(throttle.admit("203.0.113.9", "fresh@demo.example", T0)).toMatchObject({ ok: false, reason: expect.stringContaining("from your address") })
    expect(throttle.admit("198.51.100.7", "fresh@demo.example", T0)).toMatchObject({ ok: true })
  })

  it("a distributed guesser is bounded by the account-wide cap, while an address with no failures on the account still gets in", () => {
    const throttle = new LoginThrottle()
    const addresses = Array.from({ length: 200 }, (_, i) => `203.0.${i >> 8}.${i & 255}`)
    let guesses = 0
    for (let now = T0; now < T0 + 3_600_000; now += 10_000) {
      for (const address of addresses) if (wrong(throttle, address, now) === undefined) guesses++
    }
    const { burst, perSecond } = defaultLoginThrottleSettings.accountFailures
    // The cap, its refill over the hour, and one guess per fresh address; without the cap each address alone would get ~15.
    expect(guesses).toBeLessThanOrEqual(burst + Math.ceil(perSecond * 3_600) + addresses.length)
    expect(right(throttle, "198.51.100.7", T0 + 3_600_000)).toMatchObject({ ok: true })
    expect(throttle.admit(addresses[0]!, ACCOUNT, T0 + 3_600_000)).toMatchObject({ ok: false })
  })
})

describe("failure back-off", () => {
  const backoff = () => new FailureBackoff({ free: 2, baseMs: 1_000, maxMs: 8_000, forgetMs: 60_000 })

  it("waits only past the free failures, doubling up to the maximum", () => {
    const failures = backoff()
    const waits: number[] = []
    for (let i = 0; i < 7; i++) {
      failures.fail("k", T0)
      waits.push(failures.waitMs("k", T0))
    }
    expect(waits).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 8_000])
  })

  it("forgets a key a while after its last failure, and on reset", () => {
    const failures = backoff()
    for (let i = 0; i < 4; i++) failures.fail("k", T0)
    expect(failures.failures("k", T0 + 59_999)).toBe(4)
    expect(failures.failures("k", T0 + 60_000)).toBe(0)
    failures.fail("j", T0)
    failures.reset("j")
    expect(failures.failures("j", T0)).toBe(0)
  })

  it("stays bounded in memory, dropping the least recently failed keys", () => {
    const failures = new FailureBackoff({ free: 0, baseMs: 1_000, maxMs: 1_000, forgetMs: 60_000 }, 100)
    for (let i = 0; i < 1_000; i++) failures.fail(`k${i}`, T0)
    expect(failures.failures("k999", T0)).toBe(1)
    expect(failures.failures("k0", T0)).toBe(0)
  })
})

describe("token bucket wait", () => {
  it("says how long until the next token", () => {
    const limiter = new KeyedLimiter(2, 0.5)
    expect(limiter.take("a", T0) && limiter.take("a", T0)).toBe(true)
    expect(limiter.take("a", T0)).toBe(false)
    expect(limiter.waitMs("a", T0)).toBe(2_000)
    expect(limiter.waitMs("a", T0 + 1_500)).toBe(500)
    expect(limiter.waitMs("b", T0)).toBe(0)
  })
})

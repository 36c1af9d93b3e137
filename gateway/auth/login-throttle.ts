/**
 * Sign-in throttling that a stranger cannot turn against a member. Failed
 * passwords count per (client address, account) with exponential back-off,
 * so one address guesses a handful of times and then waits longer and
 * longer; per address over all accounts, so spraying many accounts from one
 * address is slow too; and per account over all addresses, high enough that
 * a stranger cannot reach it cheaply. Past that cap the account still
 * admits every address without a recent failure on it (its owner, usually)
 * and refuses those with one, so a distributed guesser gets at most one
 * wrong guess per address. Nothing here refuses a right password from an
 * address that has not failed, because of what other addresses did.
 */
import { FailureBackoff, KeyedLimiter, type BackoffSettings } from "./rate-limit.ts"

export interface LoginThrottleSettings {
  /** Failures of one address against one account. */
  readonly pair: BackoffSettings
  /** Failures of one address against any account. */
  readonly address: BackoffSettings
  /** Every attempt from one address, right or wrong (each costs a password hash). */
  readonly attemptsPerAddress: { readonly burst: number; readonly perSecond: number }
  /** Failures against one account from every address, before only clean addresses may try it. */
  readonly accountFailures: { readonly burst: number; readonly perSecond: number }
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export const defaultLoginThrottleSettings: LoginThrottleSettings = {
  pair: { free: 5, baseMs: 1_000, maxMs: 15 * MINUTE, forgetMs: HOUR },
  address: { free: 50, baseMs: 1_000, maxMs: 5 * MINUTE, forgetMs: HOUR },
  attemptsPerAddress: { burst: 60, perSecond: 1 },
  accountFailures: { burst: 100, perSecond: 100 / 3600 },
}

export interface LoginRefusal {
  readonly ok: false
  readonly waitMs: number
  readonly reason: string
}

/** One admitted attempt: report its outcome, and `end` it whatever happened (a second call does nothing). */
export interface LoginAttempt {
  readonly ok: true
  failed(now?: number): void
  succeeded(): void
  end(): void
}

export class LoginThrottle {
  private readonly pairs: FailureBackoff
  private readonly addresses: FailureBackoff
  private readonly attempts: KeyedLimiter
  private readonly accounts: KeyedLimiter
  /** Pairs with an attempt whose password is still being checked: one at a time, so parallel guesses cannot all start before the first failure counts. */
  private readonly inFlight = new Set<string>()

  constructor(settings: LoginThrottleSettings = defaultLoginThrottleSettings) {
    this.pairs = new FailureBackoff(settings.pair)
    this.addresses = new FailureBackoff(settings.address)
    this.attempts = new KeyedLimiter(settings.attemptsPerAddress.burst, settings.attemptsPerAddress.perSecond)
    this.accounts = new KeyedLimiter(settings.accountFailures.burst, settings.accountFailures.perSecond)
  }

  /**
   * Whether `address` may try a password for `account` now: an attempt to
   * report on, or a refusal saying how long to wait and why. An admitted
   * attempt spends one from the address's allowance.
   */
  admit(address: string, account: string, now = Date.now()): LoginAttempt | LoginRefusal {
    const pair = pairKey(address, account)
    const refuse = (waitMs: number, reason: string): LoginRefusal => ({ ok: false, waitMs: Math.max(1, waitMs), reason })
    if (this.inFlight.has(pair)) return refuse(1_000, "a sign-in for this account from your address is already being checked")
    const pairWait = this.pairs.waitMs(pair, now)
    if (pairWait > 0) return refuse(pairWait, "too many failed sign-ins for this account from your address")
    const addressWait = this.addresses.waitMs(address, now)
    if (addressWait > 0) return refuse(addressWait, "too many failed sign-ins from your address")
    if (!this.accounts.allows(account, now) && this.pairs.failures(pair, now) > 0) {
      return refuse(this.accounts.waitMs(account, now), "this account is getting many failed sign-ins, and one came from your address")
    }
    if (!this.attempts.take(address, now)) return refuse(this.attempts.waitMs(address, now), "too many sign-in attempts from your address")
    this.inFlight.add(pair)
    let open = true
    const end = () => {
      if (open) this.inFlight.delete(pair)
      open = false
    }
    return {
      ok: true,
      end,
      failed: (at = Date.now()) => {
        if (!open) return
        end()
        this.pairs.fail(pair, at)
        this.addresses.fail(address, at)
        this.accounts.take(account, at)
      },
      // A right password clears its pair's failures (not the address's: one good account must not buy more guesses at others).
      succeeded: () => {
        if (!open) return
        end()
        this.pairs.reset(pair)
      },
    }
  }
}

const pairKey = (address: string, account: string) => `${address}\n${account}`

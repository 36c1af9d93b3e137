/** The in-process adapter passes the port's contract, two nodes sharing one instance on a clock the test moves. */
import { InProcessCache } from "./in-process.ts"
import { cachePortContract } from "./testing/contract.ts"

cachePortContract("in-process", async () => {
  let now = 1_000_000
  const shared = new InProcessCache(() => now)
  return {
    a: shared,
    b: shared,
    elapse: (ms) => void (now += ms),
    shortTtlMs: 1_000,
    close: () => shared.close(),
  }
})

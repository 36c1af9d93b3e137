/**
 * The journal's limits and op ids, free of schemas: the decider imports them
 * from here, so a browser can fold and preview a journal with the actor's
 * own `decide` and `evolve` without bundling Effect (web/journal-sync/).
 * protocol.ts re-exports them beside the schemas.
 */
export const MAX_TITLE = 200
export const MAX_BODY = 10_000
export const MAX_TAGS = 20
export const MAX_TAG = 40
export const MAX_PROMPT = 500
export const MAX_ENTRIES = 1_000
export const MAX_DEVICES = 20
export const MAX_CONFLICTS = 20
export const MAX_COACHES = 10
export const MAX_ORPHANS = 50
/** Device operations in one `syncOps` command: enough to catch up a day offline in a few round trips. */
export const MAX_SYNC_BATCH = 100
/** Entries one `importEntries` command carries: a journal moves in at most ten of them. */
export const MAX_IMPORT_BATCH = 100

export const opIdOf = (sync: { readonly device: string; readonly op: number }): string => `${sync.device}.${sync.op}`

/** The device and number of a device op id, or undefined for an online change. */
export const parseOpId = (op: string): { device: string; n: number } | undefined => {
  const dot = op.lastIndexOf(".")
  if (dot <= 0) return undefined
  const n = Number(op.slice(dot + 1))
  return Number.isInteger(n) && n > 0 ? { device: op.slice(0, dot), n } : undefined
}

/**
 * The journal app's one API client and live connection, and the signed-in
 * writer's journal. Tokens are kept in localStorage, not the tab's
 * sessionStorage: an installed journal opens in a new window each time,
 * often offline, and must still know whose journal to show.
 */
import { createApi, createLive, type Api, type Live } from "../client/index.ts"
import { OfflineJournal } from "./offline-journal.ts"

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

let api: Api | undefined
let live: Live | undefined
let opened: { key: string; journal: Promise<OfflineJournal> } | undefined

export const journalApi = (): Api => (api ??= createApi(storage() ? { storage: storage()! } : {}))

export const journalLive = (): Live => (live ??= createLive({ auth: journalApi().auth }))

/** The signed-in writer's journal, opened once per account. */
export const openJournal = (tenant: string, userId: string): Promise<OfflineJournal> => {
  const key = `${tenant}/${userId}`
  if (opened?.key === key) return opened.journal
  void opened?.journal.then((journal) => journal.close())
  opened = { key, journal: OfflineJournal.open(journalLive(), tenant, userId) }
  return opened.journal
}

export const signOutOfJournal = (): void => {
  void opened?.journal.then((journal) => journal.close())
  opened = undefined
  journalApi().signOut()
}

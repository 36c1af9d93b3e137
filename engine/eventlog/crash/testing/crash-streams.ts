/** The streams a crash child writes, shared with the checks. */
import { makeAddress, type Address } from "../../../address.ts"

export const CRASH_STREAM_COUNT = 20

export const crashStream = (index: number): Address => makeAddress("crash", "stream", `s${index}`)

export const crashStreams = (count = CRASH_STREAM_COUNT): Address[] => Array.from({ length: count }, (_, i) => crashStream(i))

/** The value of the event at `seq`, unique across rounds so a duplicate can never pass for the original. */
export const crashValue = (round: string, seq: number): string => `r${round}-q${seq}`

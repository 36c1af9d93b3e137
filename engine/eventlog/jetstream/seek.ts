/**
 * Finds where an actor's history resumes after a snapshot without reading
 * the history before it. JetStream indexes messages by stream sequence, not
 * by our event sequence, but an actor's event sequences grow with the stream
 * sequence, so a binary search with "next message on this subject at or
 * after stream sequence s" finds the first commit holding an event after
 * `afterSeq` in about log2(stream length) direct reads.
 */
import type { JetStreamManager, MsgRequest } from "@nats-io/jetstream"
import { spanOf } from "./commit-codec.ts"

export interface SeekTarget {
  readonly stream: string
  readonly subject: string
  /** Only commits with an event after this one are wanted. */
  readonly afterSeq: number
  /** Stream sequence of a message on `subject` known to hold an event after `afterSeq` (its last message). */
  readonly knownAfter: number
}

/**
 * A stream sequence from which the subject's next message is its first commit
 * holding an event after `afterSeq`: start a filtered consumer there.
 */
export const seekFirstCommitAfter = async (jsm: JetStreamManager, target: SeekTarget): Promise<number> => {
  // "The next commit at or after s holds an event after afterSeq" is false up to the commit
  // before the wanted one and true from just past it; find where it turns true.
  let low = 1
  let high = target.knownAfter
  while (low < high) {
    const middle = low + Math.floor((high - low) / 2)
    const next = await jsm.streams.getMessage(target.stream, nextOnSubject(middle, target.subject))
    if (next === null) throw new Error(`no message on ${target.subject} at or after ${middle}, though ${target.knownAfter} holds one`)
    if (spanOf(next.header).lastSeq > target.afterSeq) high = middle
    else low = next.seq + 1
  }
  return low
}

/** STREAM.MSG.GET takes next_by_subj since server 2.9; the client types it for direct gets only. */
const nextOnSubject = (seq: number, subject: string) => ({ seq, next_by_subj: subject }) as unknown as MsgRequest

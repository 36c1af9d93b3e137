/**
 * Given/when/then for deciders:
 *
 *   spec(canvasKind).given([created]).when(command, { user }).then([expectedEvent])
 *   spec(canvasKind).given([created]).when(command).thenRejects("forbidden", /edit access/)
 *   spec(canvasKind).when(badPayload).thenRefusedBySchema(/at most/)
 *
 * The command goes through `commandSchema` first, as it does on the wire, and
 * every given or produced event must decode with `eventSchema` unchanged and
 * fold into a state that is plain data.
 */
import { isDeepStrictEqual } from "node:util"
import { Exit, Schema } from "effect"
import { expect } from "vitest"
import { isRejection, type ActorKind, type Rejection } from "../actor-kind.ts"
import type { Address } from "../address.ts"
import { FIXED_NOW, makeTestContext, testAddress, testUser, type ContextOverrides } from "./context.ts"
import { assertPlainData } from "./plain-data.ts"

export interface GivenOptions {
  /** Who the given events are attributed to in their envelopes; the default test user otherwise. */
  readonly by?: string
  readonly at?: number
}

export interface Outcome<S, E> {
  readonly events: readonly E[]
  /** The state after the given and the produced events. */
  readonly state: S
}

/** Decodes `event` with the kind's schema and insists nothing was dropped or changed. */
const checkEventSchema = <E>(kind: ActorKind<unknown, { type: string }, E & { type: string }>, event: E, label: string, plain = true): void => {
  const decoded = Schema.decodeUnknownExit(kind.eventSchema)(event)
  if (Exit.isFailure(decoded)) throw new Error(`${label} ${JSON.stringify(event)} does not decode with eventSchema: ${decoded.cause}`)
  if (!isDeepStrictEqual(decoded.value, event)) {
    throw new Error(`${label} changes when decoded with eventSchema (a field missing from the schema?): ${JSON.stringify(event)}`)
  }
  if (plain) assertPlainData(label, event)
}

export const spec = <S, C extends { readonly type: string }, E extends { readonly type: string }>(
  kind: ActorKind<S, C, E>,
  options: { readonly addr?: Address } = {},
) => {
  const addr = options.addr ?? testAddress(kind.kind)
  const anyKind = kind as unknown as ActorKind<unknown, { type: string }, E>

  const given = (events: readonly E[], givenOptions: GivenOptions = {}) => {
    let state = kind.initialState(addr)
    events.forEach((event, index) => {
      // Given events are fixtures: the schema catches their typos; produced events also get the MessagePack check.
      checkEventSchema(anyKind, event, `given event #${index + 1}`, false)
      state = kind.evolve(state, event, {
        seq: index + 1,
        by: givenOptions.by ?? testUser(undefined, undefined, addr.tenant).id,
        at: givenOptions.at ?? FIXED_NOW,
      })
    })
    const seqBefore = events.length

    const when = (command: unknown, overrides: ContextOverrides = {}) => {
      const ctx = makeTestContext(addr, overrides)
      const decoded = Schema.decodeUnknownExit(kind.commandSchema)(command)

      const decide = (): readonly E[] | Rejection => {
        if (Exit.isFailure(decoded)) {
          throw new Error(`command ${JSON.stringify(command)} is refused by commandSchema: ${decoded.cause}`)
        }
        return kind.decide(state, decoded.value, ctx)
      }

      return {
        /** The command is accepted and produces exactly `expected`. */
        then(expected: readonly E[]): Outcome<S, E> {
          const decision = decide()
          if (isRejection(decision)) throw new Error(`expected events, got a rejection: ${decision.code}: ${decision.message}`)
          expect(decision).toEqual(expected)
          let next = state
          decision.forEach((event, index) => {
            checkEventSchema(anyKind, event, `produced event #${index + 1}`)
            next = kind.evolve(next, event, { seq: seqBefore + index + 1, by: ctx.user.id, at: ctx.now })
          })
          assertPlainData("state", next)
          return { events: decision, state: next }
        },
        /** The command passes the schema but `decide` refuses it with `code` (and a message matching `message`). */
        thenRejects(code: Rejection["code"], message?: RegExp): Rejection {
          const decision = decide()
          if (!isRejection(decision)) throw new Error(`expected a ${code} rejection, got events ${JSON.stringify(decision)}`)
          expect({ code: decision.code, message: decision.message }).toEqual({
            code,
            message: message ? expect.stringMatching(message) : expect.any(String),
          })
          return decision
        },
        /** The payload never reaches `decide`: the command schema refuses it. */
        thenRefusedBySchema(message?: RegExp): void {
          if (Exit.isSuccess(decoded)) throw new Error(`expected commandSchema to refuse ${JSON.stringify(command)}, it accepted it`)
          if (message) expect(String(decoded.cause)).toMatch(message)
        },
      }
    }

    return { state, when }
  }

  return { given, when: (command: unknown, overrides?: ContextOverrides) => given([]).when(command, overrides) }
}

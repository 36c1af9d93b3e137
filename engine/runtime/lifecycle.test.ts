import { describe, expect, it } from "vitest"
import {
  ABANDONED,
  hasEnded,
  isIdle,
  isOpen,
  LEFT,
  nextStep,
  owedReply,
  READY,
  resumed,
  STARTING,
  STOPPING,
  withStopAsked,
  type Lifecycle,
} from "./lifecycle.ts"

const reply = () => {}
const awaiting: Lifecycle = { _tag: "AwaitingLog", reply, stopAsked: false }

describe("an actor's lifecycle", () => {
  it("takes messages only when ready, and holds them while it starts or waits on the log", () => {
    expect([STARTING, READY, awaiting, STOPPING, LEFT, ABANDONED].map(nextStep)).toEqual(["hold", "take", "hold", "hold", "hold", "hold"])
  })

  it("keeps a stop asked while starting or waiting until the log answers, then stops before the next message", () => {
    for (const waiting of [STARTING, awaiting]) {
      const asked = withStopAsked(waiting)
      expect(asked).toMatchObject({ _tag: waiting._tag, stopAsked: true })
      expect(nextStep(asked!)).toBe("hold")
    }
    expect(nextStep(resumed({ stopAsked: true }))).toBe("stop")
    expect(nextStep(resumed({ stopAsked: false }))).toBe("take")
    expect(nextStep(withStopAsked(READY)!)).toBe("stop")
  })

  it("asks nothing of an actor that is stopping or gone", () => {
    expect([STOPPING, LEFT, ABANDONED].map(withStopAsked)).toEqual([undefined, undefined, undefined])
  })

  it("takes no more messages once stopping, and ends only by leaving or being abandoned", () => {
    expect([STARTING, READY, awaiting, STOPPING, LEFT, ABANDONED].map(isOpen)).toEqual([true, true, true, false, false, false])
    expect([STARTING, READY, awaiting, STOPPING, LEFT, ABANDONED].map(hasEnded)).toEqual([false, false, false, false, true, true])
  })

  it("may be passivated only when it waits on nothing", () => {
    expect([STARTING, READY, withStopAsked(READY)!, awaiting, STOPPING, LEFT, ABANDONED].map(isIdle)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
  })

  it("owes a reply only while the log works on the message that started the wait", () => {
    expect(owedReply(awaiting)).toBe(reply)
    expect([STARTING, READY, STOPPING, LEFT, ABANDONED].map(owedReply)).toEqual([undefined, undefined, undefined, undefined, undefined])
  })
})

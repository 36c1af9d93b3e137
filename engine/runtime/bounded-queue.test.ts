import { describe, expect, it } from "vitest"
import { testRandom } from "../testing/random.ts"
import { BoundedQueue } from "./bounded-queue.ts"

describe("bounded queue", () => {
  it("hands out messages in the order they were offered, never holds more than its capacity unless forced, and drains the rest in order", () => {
    const random = testRandom("bounded queue")
    const capacity = 1 + random.int(3000)
    const queue = new BoundedQueue<number>(capacity)
    const model: number[] = []
    let next = 0
    for (let step = 0; step < 50_000; step++) {
      const roll = random.next()
      if (roll < 0.5) {
        const accepted = queue.offer(next)
        expect(accepted).toBe(model.length < capacity)
        if (accepted) model.push(next)
        next++
      } else if (roll < 0.52) {
        queue.force(next)
        model.push(next++)
      } else if (roll < 0.9995) {
        expect(queue.take()).toBe(model.shift())
      } else {
        expect(queue.drain()).toEqual(model.splice(0))
      }
      expect(queue.size).toBe(model.length)
    }
  })
})

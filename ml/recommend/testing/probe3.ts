import { makeRandom } from "../../../engine/testing/random.ts"
import { simulate } from "./simulator.ts"
import { interactionsFrom } from "../interactions.ts"
import { choicesWithContext } from "../context.ts"
import { trainTwoTower, useWasmBackend } from "../train-model.ts"
let t = performance.now()
const lap = (s: string) => {
  const n = performance.now()
  console.log(s, (n - t).toFixed(0))
  t = n
}
await useWasmBackend()
lap("backend")
const { rows, cards } = simulate(makeRandom(1), { groups: 30, sessionsPerGroup: 6 })
lap("sim")
const inter = interactionsFrom(rows)
lap("fold")
const ex = choicesWithContext(inter, cards).map(({ context, interaction }) => ({ context, cardId: interaction.cardId }))
lap("contexts " + ex.length)
await trainTwoTower(ex, cards, { seed: 1, epochs: 6 })
lap("train 6 epochs")
await trainTwoTower(ex.slice(0, 900), cards, { seed: 1, epochs: 2 })
lap("train small")

/**
 * Trains the two-tower model with @tensorflow/tfjs on its wasm backend:
 * a context tower (phase, session themes, cards chosen and dealt -> 32
 * relu -> 16) and an item tower (a card's own vector plus the sum of its
 * themes' vectors), with a wide part beside it (session themes meeting a
 * card's themes, each phase's lean to themes, cards chosen or dealt
 * before, the group's themes in this phase before), a full softmax over the catalogue (it is small), Adam.
 * Initial weights and batch order come from the seed, so a seed and the
 * same facts give the same model.
 */
import * as tf from "@tensorflow/tfjs"
import "@tensorflow/tfjs-backend-wasm"
import { makeRandom } from "../../engine/random.ts"
import type { CardInfo, MomentContext } from "./context.ts"
import { Encoder, vocabularyOf } from "./features.ts"
import { PHASES } from "./interactions.ts"
import { MODEL_FORMAT, type ModelFile } from "./scorer.ts"

export interface TrainingExample {
  readonly context: MomentContext
  readonly cardId: string
}

export interface TrainOptions {
  readonly seed: number
  /** Passes over the examples (5: more overfits the small stores seen so far, measured with ml:train's evaluation). */
  readonly epochs?: number
  readonly batchSize?: number
  readonly learningRate?: number
  readonly hidden?: number
  readonly dimensions?: number
  /** Called after every batch with the share done (0..1) and the batch loss. */
  readonly onProgress?: (done: number, loss: number) => void
}

let backendReady: Promise<void> | undefined
/** The wasm backend, set once per process (tfjs-node cannot install on these machines). */
export const useWasmBackend = (): Promise<void> =>
  (backendReady ??= (async () => {
    if (!(await tf.setBackend("wasm"))) throw new Error("tfjs: the wasm backend did not start")
    await tf.ready()
  })())

export const trainTwoTower = async (examples: readonly TrainingExample[], cards: readonly CardInfo[], options: TrainOptions): Promise<ModelFile> => {
  await useWasmBackend()
  const { seed, epochs = 5, batchSize = 512, learningRate = 0.03, hidden = 32, dimensions = 16 } = options
  const encoder = new Encoder(vocabularyOf(cards))
  const { cardIds, themes } = encoder.vocabulary
  const usable = examples.filter((e) => encoder.cardPosition(e.cardId) !== undefined)
  if (usable.length === 0) throw new Error("no training examples name a card of the catalogue")
  const f = encoder.features,
    c = cardIds.length,
    t = themes.length

  const x = new Float32Array(usable.length * f)
  const labels = new Int32Array(usable.length)
  usable.forEach((example, i) => {
    encoder.encode(example.context, x, i * f)
    labels[i] = encoder.cardPosition(example.cardId)!
  })
  const themeMatrix = new Float32Array(c * t)
  const byId = new Map(cards.map((card) => [card.cardId, card]))
  cardIds.forEach((id, i) => {
    for (const { index, weight } of encoder.cardThemes(byId.get(id)?.themes ?? [])) themeMatrix[i * t + index] = weight
  })

  const random = makeRandom(seed)
  const init = (shape: [number, number], fanIn: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), "float32", random.int(2 ** 31)))
  const w1 = init([f, hidden], f),
    b1 = tf.variable(tf.zeros([hidden]))
  const w2 = init([hidden, dimensions], hidden),
    b2 = tf.variable(tf.zeros([dimensions]))
  const cardEmbeddings = tf.variable(tf.randomNormal([c, dimensions], 0, 0.05, "float32", random.int(2 ** 31)))
  const themeEmbeddings = tf.variable(tf.randomNormal([t, dimensions], 0, 0.05, "float32", random.int(2 ** 31)))
  const cardBias = tf.variable(tf.zeros([c]))
  // The wide part: a session theme meeting the same theme on a card (per theme), a phase leaning to a theme, a card chosen or dealt before.
  const themeMatch = tf.variable(tf.fill([t], 2))
  const phaseThemes = tf.variable(tf.zeros([PHASES.length, t]))
  const repeat = tf.variable(tf.zeros([2]))
  const groupMatch = tf.variable(tf.fill([t], 1))
  const themeTensor = tf.tensor2d(themeMatrix, [c, t])
  const optimizer = tf.train.adam(learningRate)
  const l2 = 1e-4
  const p = PHASES.length
  const wideLogits = (input: tf.Tensor2D, deep: tf.Tensor2D) => {
    const phase = input.slice([0, 0], [-1, p])
    const sessionThemes = input.slice([0, p], [-1, t])
    const chosen = input.slice([0, p + t], [-1, c])
    const dealt = input.slice([0, p + t + c], [-1, c])
    const groupThemes = input.slice([0, p + t + 2 * c], [-1, t])
    const themeTerm = sessionThemes.mul(themeMatch).add(groupThemes.mul(groupMatch)).add(phase.matMul(phaseThemes)).matMul(themeTensor, false, true)
    const repeats = chosen.mul(repeat.slice([0], [1])).add(dealt.mul(repeat.slice([1], [1])))
    return deep.add(themeTerm).add(repeats)
  }

  const order = Array.from({ length: usable.length }, (_, i) => i)
  const batches = Math.ceil(usable.length / batchSize)
  for (let epoch = 0; epoch < epochs; epoch++) {
    const shuffled = random.shuffle(order)
    for (let b = 0; b < batches; b++) {
      const rows = shuffled.slice(b * batchSize, (b + 1) * batchSize)
      const batchX = new Float32Array(rows.length * f)
      rows.forEach((row, i) => batchX.set(x.subarray(row * f, (row + 1) * f), i * f))
      const batchY = Int32Array.from(rows, (row) => labels[row]!)
      const loss = tf.tidy(() => {
        const input = tf.tensor2d(batchX, [rows.length, f])
        const target = tf.oneHot(tf.tensor1d(batchY, "int32"), c)
        return optimizer.minimize(() => {
          const u = tf.relu(input.matMul(w1).add(b1)).matMul(w2).add(b2)
          const items = cardEmbeddings.add(themeTensor.matMul(themeEmbeddings))
          const logits = wideLogits(input, u.matMul(items, false, true).add(cardBias))
          const penalty = tf.addN([w1, w2, cardEmbeddings, themeEmbeddings].map((w) => w.square().sum())).mul(l2)
          return tf.losses.softmaxCrossEntropy(target, logits).add(penalty) as tf.Scalar
        }, true)!
      })
      const value = (await loss.data())[0]!
      loss.dispose()
      options.onProgress?.((epoch * batches + b + 1) / (epochs * batches), value)
    }
  }

  const read = async (v: tf.Tensor) => Array.from(await v.data())
  const model: ModelFile = {
    format: MODEL_FORMAT,
    trainedAt: new Date().toISOString(),
    seed,
    examples: usable.length,
    vocabulary: encoder.vocabulary,
    hidden,
    dimensions,
    weights: {
      w1: await read(w1),
      b1: await read(b1),
      w2: await read(w2),
      b2: await read(b2),
      cardEmbeddings: await read(cardEmbeddings),
      themeEmbeddings: await read(themeEmbeddings),
      cardBias: await read(cardBias),
      themeMatch: await read(themeMatch),
      phaseThemes: await read(phaseThemes),
      repeat: await read(repeat),
      groupMatch: await read(groupMatch),
    },
  }
  for (const v of [w1, b1, w2, b2, cardEmbeddings, themeEmbeddings, cardBias, themeMatch, phaseThemes, repeat, groupMatch, themeTensor]) v.dispose()
  optimizer.dispose()
  return model
}

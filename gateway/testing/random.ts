/** The project's one seeded random source, as the gateway tests import it. */
export { makeRandom, seedFrom, type Random } from "../../engine/testing/random.ts"

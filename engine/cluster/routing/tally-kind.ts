/**
 * The smallest actor kind there is, for the routing demo and the routing
 * bench: a running total, O(1) per event, so what they show is the path a
 * command takes between nodes, not the actor's work.
 */
import { Schema } from "effect"
import { defineActorKind } from "../../actor-kind.ts"

export const tallyKind = defineActorKind({
  kind: "tally",
  commandSchema: Schema.Struct({ type: Schema.Literal("add"), amount: Schema.Number }),
  eventSchema: Schema.Struct({ type: Schema.Literal("added"), amount: Schema.Number }),
  initialState: () => ({ total: 0 }),
  decide: (_state, command) => [{ type: "added" as const, amount: command.amount }],
  evolve: (state, event) => ({ total: state.total + event.amount }),
  canRead: () => true,
})

/**
 * The powers a lead facilitator may grant a co-facilitator, as a plain list
 * (protocol-facilitation.ts builds the `Power` schema from it and re-exports
 * it), so screens can list them without bundling Effect.
 */
export const POWERS = ["advance", "timer", "cards", "reveal", "spotlight", "polls", "breakouts", "hands", "lock"] as const

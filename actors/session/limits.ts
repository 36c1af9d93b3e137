/**
 * The session protocol's bounds and the join code alphabet, as plain values.
 * The schemas in protocol*.ts are built from them and re-export them; the
 * decider imports them from here, so the session's `evolve` and
 * `initialState` bundle for the browser without Effect.
 */

/** Easy to read aloud: A-Z and 2-9 without I, L, O, 0, 1. */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

export const MAX_TITLE = 200
export const MAX_DISPLAY_NAME = 80
export const MAX_PARTICIPANTS = 500
/** Everyone who ever joined, for the recap; beyond it nobody new may join. */
export const MAX_ATTENDANCE = 2_000

export const MAX_TIMER_SECONDS = 4 * 3600

export const MAX_LOADED_DECKS = 60
export const MAX_LOADED_CARDS = 2_000
export const MAX_DRAW = 30
export const MAX_PICKS_PER_PERSON = 3

export const MAX_POLLS = 100
export const MAX_BALLOTS = 20_000

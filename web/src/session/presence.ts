/**
 * "Here" in a live session: a participant's screen reports itself this
 * often, and a screen silent for longer than the stale time counts as gone.
 * A phone that loses its network closes nothing, so the server learns it only
 * at its idle timeout (minutes); the heartbeat tells the facilitator within
 * seconds.
 */
export const PRESENCE_HEARTBEAT_MS = 5_000
export const PRESENCE_STALE_MS = 3 * PRESENCE_HEARTBEAT_MS

/**
 * The one client module every screen uses to reach a Studio node: never the
 * socket or `fetch` directly.
 *
 * ```ts
 * import { createClient } from "../client/index.ts"
 * const { api, live } = createClient()            // one per tab
 * await api.signIn(email, password)               // or api.joinAsGuest(code, name)
 * const canvas = live.subscribe("canvas/c1", { init: (snap, evs) => ..., apply: (s, e) => ... })
 * canvas.onChange((state) => render(state))
 * await canvas.send({ type: "addElement", element }, { optimistic: (s) => withElement(s, element) })
 * live.onConnection((c) => banner(c.state))       // connected | reconnecting | offline | ...
 * ```
 *
 * What it guarantees:
 * - **Nothing missed, nothing twice.** Every subscribed actor is re-joined
 *   with `since` after a reconnect; events at or below the last seen seq are
 *   dropped; a snapshot (too far behind) replaces the state.
 * - **A command applies at most once.** Each gets a client op id when it is
 *   queued; a retry (after a drop, or a page reload: the queue is kept in
 *   sessionStorage) reuses it, and the server answers a repeat with the
 *   first ack.
 * - **Optimistic changes are undone on refusal**, and the refusal is kept in
 *   `live.rejections()` with its code for the screen to show.
 * - **The token stays fresh**: refreshed before it expires (a second `hello`
 *   renews the live connection) and on a 401 / close 4001.
 * - **Errors carry codes, not words**: `ApiError.code` and
 *   `CommandError.code` are the protocol's codes (plus `network`); the
 *   server's English (`detail`, `message`) is for logs only.
 *
 * It imports no UI framework; `solid.ts` adapts it to Solid signals. Values
 * from gateway/ come only from protocol-codec.ts (no Effect in the bundle);
 * types come from protocol.ts with `import type`.
 */
export { createApi } from "./api.ts"
export { createLive, presenceStatus, type PresenceStatus } from "./live.ts"
export { createClient, type Client, type ClientOptions } from "./client.ts"
export { ApiError, CommandError, type ClientErrorCode } from "./errors.ts"
export { memoryStorage } from "./storage.ts"
export type {
  Ack,
  ActorEvent,
  ActorHandle,
  Api,
  ApiOptions,
  Command,
  Connection,
  ConnectionReason,
  ConnectionState,
  ErrorCode,
  HandleStatus,
  Live,
  LiveAuth,
  LiveOptions,
  NetworkStatus,
  PresencePeer,
  Reducer,
  Rejection,
  RequestOptions,
  SendOptions,
  Session,
  SessionUser,
  StorageLike,
  WebSocketConstructor,
  WebSocketLike,
  WireUser,
} from "./types.ts"

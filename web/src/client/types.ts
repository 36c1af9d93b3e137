/**
 * The client module's public shapes: what every screen codes against. The
 * implementations are api.ts (HTTP) and live.ts (the WebSocket); index.ts
 * exports both. Nothing here depends on a UI framework.
 */
import type { ErrorCode, WireUser } from "../../../gateway/protocol.ts"
import type { ApiError, CommandError } from "./errors.ts"

export type { ErrorCode, WireUser }

// ---------------------------------------------------------------- storage

/** Where tokens and the pending-command queue are kept: `sessionStorage` in a browser, a Map in tests. */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

// ---------------------------------------------------------------- HTTP API

/** The signed-in user as the server describes it (`User` in the OpenAPI document). */
export interface SessionUser {
  readonly id: string
  readonly tenant: string
  /** admin, facilitator, participant, educator, or guest. */
  readonly roles: readonly string[]
  readonly name?: string
  readonly email?: string
}

/** A signed-in (or joined-as-guest) session: what sign-in, guest join and refresh return. */
export interface Session {
  /** Short-lived access token (JWT): sent in `hello` and as `Authorization: Bearer`. */
  readonly token: string
  readonly refreshToken: string
  readonly user: SessionUser
  /** Guests only: the one session they joined (`session/<id>`). */
  readonly addr?: string
}

export interface RequestOptions {
  /** JSON body (for post, patch, put, delete). */
  readonly body?: unknown
  /** Appended as a query string; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  readonly headers?: Readonly<Record<string, string>>
  readonly signal?: AbortSignal
  /** Send the access token (default true). */
  readonly auth?: boolean
}

/**
 * The HTTP API (`/api`, JSON). Every failure is an `ApiError` with the
 * protocol's error code: screens map the code to their own words and never
 * show `detail` (the server's English, for logs and developers).
 */
export interface Api {
  /** The current session, or undefined when signed out. */
  session(): Session | undefined
  /** Called with the new session on sign-in, refresh and guest join, and with undefined on sign-out. Returns an unsubscribe. */
  onSession(listener: (session: Session | undefined) => void): () => void
  /** `POST /api/auth/login`. `tenant` is needed only when the email belongs to several organizations (409 `conflict`). */
  signIn(email: string, password: string, tenant?: string): Promise<Session>
  /** `POST /api/live/join {code, name}`: a guest identity for one live session; `addr` is that session. */
  joinAsGuest(code: string, name: string): Promise<Session & { readonly addr: string }>
  /**
   * `POST /api/auth/refresh` now (it also runs by itself before the access
   * token expires, and on a 401). Resolves with the new session, or
   * undefined when the refresh token is refused (then the client is signed
   * out). Rejects with an `ApiError` (code `network` or `unavailable`...) when
   * the server could not be reached: the session is kept for a later try.
   */
  refresh(): Promise<Session | undefined>
  /**
   * Takes a session another route handed out (a guest who just made an
   * account gets one back): kept and used as a sign-in's would be. Throws a
   * TypeError, changing nothing, when it does not look like a session.
   */
  adopt(session: Session): Session
  /** Forgets the tokens here (they are stateless on the server and expire by themselves) and tells every listener. */
  signOut(): void
  get<T = unknown>(path: string, options?: Omit<RequestOptions, "body">): Promise<T>
  post<T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T>
  put<T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T>
  patch<T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T>
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>
  /** Any method; JSON in, JSON out (undefined for 204). A 401 refreshes the token and retries once. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>
  /** The same, returning the raw `Response` of a 2xx (downloads: PDFs, PNGs); failures still throw `ApiError`. */
  fetchRaw(method: string, path: string, options?: RequestOptions): Promise<Response>
  /** The token source for `createLive`. */
  readonly auth: LiveAuth
  /** Stops the refresh timer. */
  dispose(): void
}

export interface ApiOptions {
  /** Origin (and optional prefix) of the API; default "" (same origin, paths as given). Tests pass `http://127.0.0.1:port`. */
  readonly baseUrl?: string
  /** Default `sessionStorage` when there is one, else memory. A `Map` is accepted. */
  readonly storage?: StorageLike | Map<string, string>
  /** Default globalThis.fetch. */
  readonly fetch?: typeof fetch
  /** Extra headers on every request (tests set `x-studio-peer`). */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * The UI's language (a tag such as `he`), asked for on every request and
   * sent as `Accept-Language`, so built-in content comes in the language the
   * user chose in the app; undefined leaves the browser's header. A request's
   * own `headers` still win.
   */
  readonly language?: () => string | undefined
  /** Clock, for tests (ms since the epoch). */
  readonly now?: () => number
}

// ---------------------------------------------------------------- live

/** Where the live client gets its access token. `Api.auth` is one; tests can pass their own. */
export interface LiveAuth {
  /** The current access token, or undefined when signed out. */
  token(): string | undefined
  /** A fresh access token; undefined when definitely signed out; rejects when the server could not be reached. */
  refresh(): Promise<string | undefined>
  /** Told of every new token (a renewal: the live client sends `hello` again) and of sign-out (undefined). */
  onToken(listener: (token: string | undefined) => void): () => void
}

/**
 * What a screen shows about the connection: `connected`; `connecting` (the
 * first time); `reconnecting` (lost, trying again; see `retryAt` and
 * `reason`); `offline` (the device says it has no network; retried as soon
 * as it comes back); `signedOut` (no token, or the server refused it and
 * refreshing failed: send the user to sign in).
 */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "signedOut"

/**
 * Why the last connection ended: `network` (dropped, or never reached),
 * `token_expired` (4001, refreshed and reconnecting), `server_restarting`
 * (4009), `slow_consumer` (4008), `too_many_connections` (4029: close another
 * tab or device; retried slowly), `server_error` (1009 or an internal error),
 * `unresponsive` (no pong in time), `signed_out`.
 */
export type ConnectionReason =
  | "network"
  | "token_expired"
  | "server_restarting"
  | "slow_consumer"
  | "too_many_connections"
  | "server_error"
  | "unresponsive"
  | "signed_out"

export interface Connection {
  readonly state: ConnectionState
  /** Why the previous connection ended; kept while reconnecting, cleared once connected. */
  readonly reason?: ConnectionReason
  /** While reconnecting: when the next attempt starts (ms since the epoch). */
  readonly retryAt?: number
  /** Failed attempts in a row (0 when connected). */
  readonly attempt: number
  /** Who the server says we are, once welcomed (kept while reconnecting). */
  readonly user?: WireUser
  /** The node that welcomed us. */
  readonly node?: string
}

/** A command to an actor: `{type, ...fields}` as the actor's protocol defines it. */
export interface Command {
  readonly type: string
  readonly [field: string]: unknown
}

/** One event of an actor, in its order (`seq` is gap-free from 1). A member without read access to one event gets `ev: {type: "withheld"}`. */
export interface ActorEvent<E extends { readonly type: string } = { readonly type: string; readonly [field: string]: unknown }> {
  readonly seq: number
  readonly ev: E
  /** The acting user's id. */
  readonly by: string
  /** Server time, ms since the epoch. */
  readonly at: number
}

/**
 * How a screen folds an actor into state. `init` receives the actor's state
 * as this user may see it (`snapshot`, on a first join or when too far
 * behind to catch up) or undefined with the events from seq 1; `apply`
 * takes one event (including `withheld` ones). Both must be pure: they run
 * again when an optimistic change is rolled back.
 */
export interface Reducer<S> {
  init(snapshot: unknown, events: readonly ActorEvent[]): S
  apply(state: S, event: ActorEvent): S
}

/**
 * `joining` (waiting for the first `joined`), `live` (up to date; also while
 * the connection is being restored: `state()` stays and catches up),
 * `revoked` (access refused or revoked: `error` says which; no more events),
 * `failed` (the actor does not exist, or another error: see `error`),
 * `closed` (after `close()`).
 */
export type HandleStatus = "joining" | "live" | "revoked" | "failed" | "closed"

/** Another member's presence on one actor; `at` is when it arrived here (ms since the epoch, local clock). */
export interface PresencePeer {
  readonly user: string
  readonly data: unknown
  readonly at: number
}

export interface SendOptions<S = unknown> {
  /** Applied at once to the visible state of every handle on the address, and undone (recomputed) if the server refuses the command. */
  readonly optimistic?: (state: S) => S
  /** A client op id of your own (/^[A-Za-z0-9_:.-]{1,128}$/); default a fresh one. */
  readonly id?: string
}

export interface Ack {
  /** The client op id the command was sent with. */
  readonly id: string
  /** The sequence number of the command's (last) event. */
  readonly seq: number
}

/** A refused command, kept for the screen to show (a toast): map `error.code` to words. */
export interface Rejection {
  readonly id: string
  readonly addr: string
  readonly cmd: Command
  readonly error: CommandError
  /** When it was refused (ms since the epoch). */
  readonly at: number
}

/** One subscribed actor, as a screen sees it. */
export interface ActorHandle<S> {
  readonly addr: string
  /** Confirmed state with this client's pending optimistic changes on top; undefined until joined. */
  state(): S | undefined
  /** The last event seq folded into the confirmed state (0 before joining). */
  readonly seq: number
  readonly status: HandleStatus
  /** True once the server refused or revoked this user's access to the actor. */
  readonly revoked: boolean
  /** Why the handle is `revoked` or `failed`. */
  readonly error: CommandError | undefined
  /** Resolves with the state once joined; rejects with a `CommandError` if the join is refused. */
  ready(): Promise<S>
  /** Called after every change of `state()` or `status`. Returns an unsubscribe. */
  onChange(listener: (state: S | undefined) => void): () => void
  /** Other members' presence by user id (this user's own is never echoed). */
  presence(): ReadonlyMap<string, PresencePeer>
  /** Called whenever `presence()` changes. */
  onPresence(listener: (peers: ReadonlyMap<string, PresencePeer>) => void): () => void
  /** `live.send(this.addr, ...)` with the optimistic function typed to this handle's state. */
  send(cmd: Command, options?: SendOptions<S>): Promise<Ack>
  /** `live.presence(this.addr, data)`. */
  setPresence(data: unknown): void
  /** Stops listening; the actor is left when its last handle closes. */
  close(): void
}

/**
 * The live connection (`/live`): one per tab, shared by every screen. It
 * connects as soon as there is a token, renews the token with a second
 * `hello`, reconnects with back-off, re-joins every subscribed actor with
 * `since` and resends unacknowledged commands with their original ids.
 */
export interface Live {
  connection(): Connection
  /** Called on every change of `connection()`. Returns an unsubscribe. */
  onConnection(listener: (connection: Connection) => void): () => void
  /** Joins an actor (once per address, however many handles) and folds its events with `reducer`. */
  subscribe<S>(addr: string, reducer: Reducer<S>): ActorHandle<S>
  /**
   * Queues a command (kept across reconnects and, in sessionStorage, across a
   * page reload) and sends it when connected. Resolves with the ack; rejects
   * with a `CommandError` on a nack (also reported to `onRejected`), or
   * with code `unauthorized` when the user signs out before it is sent.
   */
  send<S = unknown>(addr: string, cmd: Command, options?: SendOptions<S>): Promise<Ack>
  /** Commands sent or queued and not yet answered: "saving…" while above 0. */
  pending(): number
  onPending(listener: (count: number) => void): () => void
  /** Refused commands, most recent last (at most 50 kept). */
  rejections(): readonly Rejection[]
  onRejected(listener: (rejection: Rejection) => void): () => void
  /** Forgets the kept rejections (after the screen has shown them). */
  clearRejections(): void
  /** Ephemeral presence (cursor, selection, typing) on a joined actor; at most ~20 per second per actor, the latest kept. */
  presence(addr: string, data: unknown): void
  /** One ping round trip, in ms; rejects when not connected or no pong within 10 s. */
  ping(): Promise<number>
  /** The last measured round trip (ms), if any. */
  rtt(): number | undefined
  /** Tries again now, resetting the back-off ("retry now" button). */
  reconnect(): void
  /** Closes the socket and stops; pending commands stay in storage for the next page. */
  close(): void
}

/** A WebSocket as the live client uses it: the browser's, or the `ws` package's in Node. */
export interface WebSocketLike {
  binaryType: string
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { readonly data: unknown }) => void) | null
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
}
export type WebSocketConstructor = new (url: string) => WebSocketLike

/** Whether the device has a network, and when that changes (navigator.onLine and the window's online/offline events by default). */
export interface NetworkStatus {
  online(): boolean
  onChange(listener: (online: boolean) => void): () => void
}

export interface LiveOptions {
  readonly auth: LiveAuth
  /** Default: `/live` on the page's host (ws: for http:, wss: for https:). */
  readonly url?: string
  /** Default globalThis.WebSocket; Node tests pass the `ws` package's. */
  readonly WebSocket?: WebSocketConstructor
  /** Where the pending-command queue survives a reload (default sessionStorage, else memory). */
  readonly storage?: StorageLike | Map<string, string>
  /** Sent in `hello`. Default {name: "studio-web", version: "1"}. */
  readonly client?: { readonly name: string; readonly version: string }
  /** Reconnect back-off: full jitter on base * 2^attempt, capped (default 500 ms, 10 s); 4029 waits at least `tooManyConnectionsMs` (default 30 s). */
  readonly backoff?: { readonly baseMs?: number; readonly capMs?: number; readonly tooManyConnectionsMs?: number }
  /** Source of jitter in [0, 1); default Math.random. Tests pass a seeded one. */
  readonly random?: () => number
  /** A ping this often while connected (default 25 s); no pong within `heartbeatTimeoutMs` (default 10 s) reconnects. 0 turns it off. */
  readonly heartbeatMs?: number
  readonly heartbeatTimeoutMs?: number
  /** Presence frames per actor at most every this many ms (default 50). */
  readonly presenceIntervalMs?: number
  /** Commands whose encoded frame is larger are refused here with `too_large` (default 256 KiB, the server's default). */
  readonly maxFrameBytes?: number
  /** Default: navigator.onLine and window online/offline events when present, else always online. */
  readonly network?: NetworkStatus
  /** Clock (ms since the epoch), for tests. */
  readonly now?: () => number
}

export type { ApiError, CommandError }

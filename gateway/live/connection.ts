/**
 * One live connection: its lifecycle (awaiting hello, open, closed), and one
 * handler per client frame. Everything it sends goes through `send`, which
 * watches the socket's buffer and cuts a slow reader (4008) instead of ever
 * waiting for it.
 */
import { Cause, Exit } from "effect"
import { addressKey, parseAddress, type Address } from "../../engine/address.ts"
import { CommandRejected } from "../../engine/errors.ts"
import type { CatchUp } from "../../engine/runtime/api.ts"
import { guestRefusal } from "../auth/guest-scope.ts"
import type { VerifiedToken } from "../auth/tokens.ts"
import { TokenBucket } from "../auth/rate-limit.ts"
import { refuseAtEdge } from "../command-policy.ts"
import { CloseCode, PROTOCOL_VERSION, decodeClientFrame, encodeFrame, type ClientFrameOf, type ErrorCode, type ServerFrame } from "../protocol.ts"
import type { LiveSocket, SocketHandler } from "../transport/transport.ts"
import { userKey, type LiveContext } from "./context.ts"
import type { FanoutRoom, RoomMember } from "./fanout-room.ts"
import type { PresenceMember } from "./presence.ts"

type Phase =
  | { readonly state: "awaiting_hello" }
  | { readonly state: "verifying"; readonly queue: Array<{ bytes: Uint8Array; isBinary: boolean }> }
  | { readonly state: "open"; readonly identity: VerifiedToken }
  | { readonly state: "closed" }

interface Subscription extends RoomMember {
  readonly addr: Address
  readonly wire: string
  readonly key: string
  phase: "joining" | "live"
  /** The room that catches this member up and fans the actor's events out to it on this node (entered in `enterRoom`). */
  room: FanoutRoom | undefined
}

const MAX_QUEUED_BEFORE_WELCOME = 64
/** Bytes queued between two reads of a socket's send buffer (at most an eighth of the limit). */
const BUFFER_CHECK_BYTES = 64 * 1024
const MAX_TIMER_MS = 2 ** 31 - 1

export class Connection implements SocketHandler, PresenceMember {
  private phase: Phase = { state: "awaiting_hello" }
  private readonly subscriptions = new Map<string, Subscription>()
  private readonly bucket: TokenBucket
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Bytes queued since the send buffer was last read. */
  private unchecked = 0
  private readonly bufferCheckBytes: number

  constructor(
    private readonly socket: LiveSocket,
    private readonly ctx: LiveContext,
  ) {
    this.bucket = new TokenBucket(ctx.settings.commandBurst, ctx.settings.commandsPerSecond)
    this.bufferCheckBytes = Math.min(BUFFER_CHECK_BYTES, ctx.settings.maxBufferedBytes / 8)
    this.timer = setTimeout(() => this.refuse("no hello in time"), ctx.settings.helloTimeoutMs)
  }

  get userId(): string {
    return this.phase.state === "open" ? this.phase.identity.user.id : ""
  }

  // ---- transport events

  onFrame(bytes: Uint8Array, isBinary: boolean): void {
    if (this.phase.state === "closed") return
    if (this.phase.state === "verifying") {
      if (this.phase.queue.length >= MAX_QUEUED_BEFORE_WELCOME) return this.error("rate_limited", "wait for welcome before sending more")
      this.phase.queue.push({ bytes, isBinary })
      return
    }
    if (!isBinary) return this.error("bad_frame", "text frames are not part of the protocol; send one MessagePack map per binary frame")
    const decoded = decodeClientFrame(bytes)
    if (!decoded.ok) return this.error("bad_frame", decoded.message, decoded.ref)
    const frame = decoded.frame
    if (frame.t === "hello") return this.onHello(frame)
    if (frame.t === "ping") return this.send({ t: "pong", ...(frame.ref !== undefined ? { ref: frame.ref } : {}) })
    if (this.phase.state !== "open") return this.refuse("say hello with a token first")
    const identity = this.phase.identity
    switch (frame.t) {
      case "join":
        return this.onJoin(frame, identity)
      case "leave":
        return this.onLeave(frame)
      case "cmd":
        return this.onCmd(frame, identity)
      case "presence":
        return this.onPresence(frame)
      default:
        return assertNever(frame)
    }
  }

  onOversize(byteLength: number): void {
    this.error("too_large", `a frame may be at most ${this.ctx.settings.maxFrameBytes} bytes; this one was ${byteLength}`)
  }

  onClose(): void {
    this.cleanup()
  }

  /** Presence and shutdown use this to reach the client without re-encoding. */
  sendBytes(bytes: Uint8Array): void {
    if (this.phase.state === "closed") return
    this.socket.send(bytes)
    this.queued(bytes.byteLength)
  }

  /**
   * Counts bytes queued to the socket (sent, or published to a topic it is on)
   * and reads its unsent bytes once per `bufferCheckBytes` of them: the socket
   * can only pass the limit by at most that much before it is seen, and the
   * read (a call into the transport) happens about once per few hundred
   * frames instead of once per frame.
   */
  queued(bytes: number): void {
    this.unchecked += bytes
    if (this.unchecked >= this.bufferCheckBytes) this.checkBuffer()
  }

  /** Cuts a reader that lets its unsent bytes pass the limit. */
  private checkBuffer(): void {
    this.unchecked = 0
    if (this.phase.state !== "closed" && this.socket.bufferedAmount() > this.ctx.settings.maxBufferedBytes)
      this.cut(CloseCode.slowConsumer, "slow_consumer")
  }

  /** Ends the connection from the server side with a 40xx code. */
  cut(code: number, reason: string): void {
    if (this.phase.state === "closed") return
    this.cleanup()
    this.socket.close(code, reason)
    setTimeout(() => this.socket.terminate(), this.ctx.settings.closeGraceMs).unref()
  }

  // ---- frame handlers

  private onHello(frame: ClientFrameOf<"hello">): void {
    const previous = this.phase.state === "open" ? this.phase.identity : undefined
    this.phase = { state: "verifying", queue: [] }
    void this.ctx.tokens
      .verify(frame.token, "access")
      .then((identity) => {
        if (this.phase.state !== "verifying") return
        const queue = this.phase.queue
        // A second hello refreshes the token of the same user; it cannot switch users.
        const sameUser = !previous || (identity?.user.id === previous.user.id && identity.user.tenant === previous.user.tenant)
        if (!identity || !sameUser) return this.refuse(identity ? "a connection keeps its user" : "invalid or expired token")
        if (!previous && !this.ctx.admitUser(this, identity.user)) {
          return this.tooManyConnections(
            `this account already has ${this.ctx.settings.maxConnectionsPerUser} live connections on this server; close one (another tab or device) and reconnect`,
          )
        }
        this.phase = { state: "open", identity }
        // A renewed token may carry other roles: access to joined actors is judged on the current one.
        for (const sub of this.subscriptions.values()) sub.user = identity.user
        clearTimeout(this.timer)
        this.expireAt(identity.expiresAt * 1000)
        this.send({ t: "welcome", user: identity.user, node: this.ctx.nodeId, protocol: PROTOCOL_VERSION })
        for (const queued of queue) this.onFrame(queued.bytes, queued.isBinary)
      })
      .catch((error: unknown) => {
        // Outside the transport's boundary: a throw here would be an unhandled rejection, which ends a Node process.
        console.error(
          JSON.stringify({
            level: "error",
            message: "live hello failed",
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
        )
        this.error("internal", "internal error; the incident was logged")
      })
  }

  /** The token bounds the connection's life; a client renews it with another hello. */
  private expireAt(deadline: number): void {
    clearTimeout(this.timer)
    const wait = deadline - Date.now()
    if (wait <= 0) return this.refuse("token expired; send hello with a fresh token")
    // setTimeout cannot wait longer than about 24.8 days; longer tokens are checked again then.
    this.timer = setTimeout(() => this.expireAt(deadline), Math.min(wait, MAX_TIMER_MS))
  }

  private onJoin(frame: ClientFrameOf<"join">, identity: VerifiedToken): void {
    const addr = this.resolve(frame.addr, identity, (code, message) => this.error(code, message, frame.ref, frame.addr))
    if (!addr) return
    if (!this.subscriptions.has(frame.addr) && this.subscriptions.size >= this.ctx.settings.maxJoinsPerConnection) {
      return this.error("rate_limited", `at most ${this.ctx.settings.maxJoinsPerConnection} joined actors per connection`, frame.ref, frame.addr)
    }
    const limited = this.spend(identity)
    if (limited) return this.error("rate_limited", limited, frame.ref, frame.addr)
    this.dropSubscription(frame.addr)
    const key = addressKey(addr)
    const sub: Subscription = {
      addr,
      wire: frame.addr,
      key,
      phase: "joining",
      room: undefined,
      lastSeq: 0,
      user: identity.user,
      socket: this.socket,
      onTopic: false,
      sendOwnView: (event, view) => this.sendBytes(this.ctx.eventFrame(event, view)),
      revoke: () => this.revoke(sub),
      queued: (bytes) => this.queued(bytes),
      joined: (catchUp) => this.onJoined(sub, frame.ref, catchUp),
      refused: (cause) => {
        if (this.subscriptions.get(sub.wire) === sub) this.subscriptions.delete(sub.wire)
        const { code, message } = rejection(cause)
        this.error(code, message, frame.ref, frame.addr)
      },
      closed: (reason) => this.onActorClosed(sub, reason),
    }
    this.subscriptions.set(sub.wire, sub)
    // The first member here of an actor waits until this node follows its presence on the others, so `joined` lists their peers too.
    const following = this.ctx.presence.follow(key)
    if (following === undefined) this.enterRoom(sub, frame.since)
    else void following.then(() => this.enterRoom(sub, frame.since))
  }

  private enterRoom(sub: Subscription, since: number | undefined): void {
    if (this.subscriptions.get(sub.wire) !== sub) return // left, joined again or closed meanwhile
    sub.room = this.ctx.rooms.enter(sub.addr, sub.key)
    sub.room.join(sub, since)
  }

  /** The room caught the member up: `joined` goes out, and the room sends every later event. */
  private onJoined(sub: Subscription, ref: number, catchUp: CatchUp): void {
    sub.phase = "live"
    const payload = catchUp.events ? { events: catchUp.events } : { snapshot: catchUp.snapshot }
    this.send({ t: "joined", ref, addr: sub.wire, seq: catchUp.seq, ...payload, presence: this.ctx.presence.entries(sub.key, this) })
    this.ctx.presence.add(sub.key, this)
  }

  private onLeave(frame: ClientFrameOf<"leave">): void {
    this.dropSubscription(frame.addr)
    this.send({ t: "left", ref: frame.ref, addr: frame.addr })
  }

  private onCmd(frame: ClientFrameOf<"cmd">, identity: VerifiedToken): void {
    const nack = (code: ErrorCode, message: string) => this.send({ t: "nack", ref: frame.ref, code, message })
    const addr = this.resolve(frame.addr, identity, nack)
    if (!addr) return
    const refused = refuseAtEdge(addr)
    if (refused) return nack(refused.code, refused.message)
    if (this.ctx.isDraining()) return nack("unavailable", "the server is shutting down; retry on another connection")
    const limited = this.spend(identity)
    if (limited) return nack("rate_limited", limited)
    this.ctx.inFlight.begin()
    this.ctx.system.sendCallback(addr, identity.user, frame.id, frame.cmd, (exit) => {
      this.ctx.inFlight.end()
      if (Exit.isSuccess(exit)) return this.send({ t: "ack", ref: frame.ref, seq: exit.value.seq })
      const { code, message } = rejection(exit.cause)
      nack(code, message)
    })
  }

  private onPresence(frame: ClientFrameOf<"presence">): void {
    const sub = this.subscriptions.get(frame.addr)
    if (!sub || sub.phase !== "live") return this.error("forbidden", "join an actor before sending presence to it", undefined, frame.addr)
    if (encodeFrame(frame).byteLength > this.ctx.settings.maxPresenceBytes) {
      return this.error("too_large", `presence data may be at most ${this.ctx.settings.maxPresenceBytes} bytes`, undefined, frame.addr)
    }
    this.ctx.presence.update(sub.key, this, frame.data)
  }

  // ---- what the room tells a member

  private revoke(sub: Subscription): void {
    // The error goes out before the subscription leaves the room's topic, after every frame the member could still see.
    this.error("forbidden", `your access to ${sub.wire} was revoked`, undefined, sub.wire)
    this.dropSubscription(sub.wire)
  }

  private onActorClosed(sub: Subscription, reason: CommandRejected): void {
    if (this.subscriptions.get(sub.wire) !== sub) return
    this.dropSubscription(sub.wire)
    this.error(reason.code, `${reason.message} (last seq ${sub.lastSeq})`, undefined, sub.wire)
  }

  // ---- helpers

  /** The address within the token's tenant, or a reply saying why not. */
  private resolve(wire: string, identity: VerifiedToken, fail: (code: ErrorCode, message: string) => void): Address | undefined {
    let addr: Address
    try {
      addr = parseAddress(identity.user.tenant, wire)
    } catch (error) {
      fail("not_found", error instanceof Error ? error.message : "no such actor")
      return undefined
    }
    const refusal = guestRefusal(identity, wire)
    if (refusal) {
      fail("forbidden", refusal)
      return undefined
    }
    return addr
  }

  private dropSubscription(wire: string): void {
    const sub = this.subscriptions.get(wire)
    if (!sub) return
    this.subscriptions.delete(wire)
    sub.room?.remove(sub)
    this.ctx.presence.remove(sub.key, this)
  }

  private send(frame: ServerFrame): void {
    if (this.phase.state !== "closed") this.sendBytes(encodeFrame(frame))
  }

  private error(code: ErrorCode, message: string, ref?: number, addr?: string): void {
    this.send({ t: "error", code, message, ...(ref !== undefined ? { ref } : {}), ...(addr !== undefined ? { addr } : {}) })
  }

  /** Takes one `cmd` or `join` from this connection's bucket and its user's; says which ran dry. */
  private spend(identity: VerifiedToken): string | undefined {
    if (!this.bucket.take()) return "too many requests on this connection; slow down"
    if (!this.ctx.commandsPerUser.take(userKey(identity.user)))
      return "too many requests for this account across its connections and the HTTP API; slow down"
    return undefined
  }

  /** Refuses a connection over the per-user or per-address cap: `error rate_limited`, then close 4029. */
  tooManyConnections(message: string): void {
    this.error("rate_limited", message)
    this.cut(CloseCode.tooManyConnections, "too_many_connections")
  }

  private refuse(message: string): void {
    this.error("unauthorized", message)
    this.cut(CloseCode.unauthorized, "unauthorized")
  }

  private cleanup(): void {
    if (this.phase.state === "closed") return
    this.phase = { state: "closed" }
    clearTimeout(this.timer)
    for (const wire of [...this.subscriptions.keys()]) this.dropSubscription(wire)
    this.ctx.forget(this)
  }
}

const rejection = (cause: Cause.Cause<CommandRejected>): { code: ErrorCode; message: string } => {
  const failure = cause.reasons.find(Cause.isFailReason)
  if (failure) return { code: failure.error.code, message: failure.error.message }
  // Defects are bugs: log them here and tell the client without a stack trace.
  console.error(JSON.stringify({ level: "error", message: "runtime defect", cause: Cause.pretty(cause) }))
  return { code: "internal", message: "internal error; the incident was logged" }
}

const assertNever = (value: never): never => {
  throw new Error(`unhandled frame ${JSON.stringify(value)}`)
}

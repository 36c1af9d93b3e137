/**
 * The Studio client for the live scenario, speaking shared/design/protocol.md
 * through gateway/protocol.ts: hello, join the room's shared canvas, and
 * send each op as a `moveElement` command on the member's own element.
 * The op id rides in the coordinates (x = id mod 1e6, y = id div 1e6), so a
 * member reading an `elementMoved` event knows which op arrived. A member
 * also gets the events of its own commands; those are not deliveries.
 */
import WebSocket from "ws"
import { decodeServerFrame, encodeFrame, type ClientFrame, type ServerFrame } from "../../gateway/protocol.ts"
import { ConnectError, withTimeout, type Adapter, type LiveConnection, type Member, type Target } from "../load/adapters/adapter.ts"

const ID_BASE = 1_000_000
const canvases = new Map<string, Promise<void>>()
const problems: Record<string, number> = {}
const noteProblem = (key: string) => void (problems[key] = (problems[key] ?? 0) + 1)

class StudioMember {
  private ref = 0
  private readonly waiting = new Map<number, (frame: ServerFrame) => void>()
  private readonly addedBySeq = new Map<number, string>()
  private readonly seqWaiters = new Map<number, (elementId: string) => void>()
  private readonly mine = new Set<number>()
  /** Ref of each op's `cmd` frame, to time its `ack`. */
  private readonly opByRef = new Map<number, number>()
  readonly addr: string

  constructor(
    private readonly socket: WebSocket,
    member: Member,
    private readonly onOp: (opId: number) => void,
    private readonly onAck: (opId: number) => void,
  ) {
    this.addr = `canvas/${member.room}`
    socket.on("message", (data: Buffer) => this.receive(data))
  }

  private receive(data: Buffer): void {
    const decoded = decodeServerFrame(data)
    if (!decoded.ok) return noteProblem(`undecodable frame`)
    const frame = decoded.frame
    if (frame.t === "ev") {
      const ev = frame.ev as { type: string; x?: number; y?: number; elementId?: string }
      if (ev.type === "elementMoved" && typeof ev.x === "number" && typeof ev.y === "number") {
        const id = ev.y * ID_BASE + ev.x
        if (!this.mine.delete(id)) this.onOp(id)
      } else if (ev.type === "elementAdded" && ev.elementId) {
        this.addedBySeq.set(frame.seq, ev.elementId)
        this.seqWaiters.get(frame.seq)?.(ev.elementId)
      }
      return
    }
    if (frame.t === "ack" || frame.t === "nack") {
      const opId = this.opByRef.get(frame.ref)
      if (opId !== undefined) {
        this.opByRef.delete(frame.ref)
        if (frame.t === "ack") return this.onAck(opId)
      }
    }
    if (frame.t === "nack") noteProblem(`nack ${frame.code}`)
    if (frame.t === "error") noteProblem(`error ${frame.code}`)
    const key = frame.t === "welcome" ? 0 : "ref" in frame && typeof frame.ref === "number" ? frame.ref : undefined
    const resolve = key === undefined ? undefined : this.waiting.get(key)
    if (resolve) {
      this.waiting.delete(key!)
      resolve(frame)
    }
  }

  send(frame: ClientFrame): void {
    this.socket.send(encodeFrame(frame))
  }

  /** Sends a request and waits for the frame answering it (welcome answers hello as ref 0). */
  request(make: (ref: number) => ClientFrame, expect: ServerFrame["t"]): Promise<ServerFrame> {
    const ref = ++this.ref
    const frame = make(ref)
    const key = frame.t === "hello" ? 0 : ref
    const reply = new Promise<ServerFrame>((resolve) => this.waiting.set(key, resolve))
    this.send(frame)
    return reply.then((answer) => {
      if (answer.t !== expect) {
        const detail = "code" in answer ? `${answer.code}: ${"message" in answer ? answer.message : ""}` : answer.t
        throw new ConnectError(`studio: ${frame.t} answered with ${answer.t} (${detail})`)
      }
      return answer
    })
  }

  command(cmd: { type: string; [key: string]: unknown }, id: string): Promise<ServerFrame> {
    return this.request((ref) => ({ t: "cmd", ref, addr: this.addr, id, cmd }), "ack")
  }

  elementAddedAt(seq: number): Promise<string> {
    const known = this.addedBySeq.get(seq)
    if (known) return Promise.resolve(known)
    return new Promise((resolve) => this.seqWaiters.set(seq, resolve))
  }

  move(elementId: string, opId: number): void {
    this.mine.add(opId)
    const ref = ++this.ref
    this.opByRef.set(ref, opId)
    this.send({
      t: "cmd",
      ref,
      addr: this.addr,
      id: `op-${opId}`,
      cmd: { type: "moveElement", elementId, x: opId % ID_BASE, y: Math.floor(opId / ID_BASE) },
    })
  }
}

const openSocket = (port: number): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/live`, { perMessageDeflate: false })
    socket.binaryType = "nodebuffer"
    socket.once("open", () => resolve(socket))
    socket.once("error", (error) => reject(new ConnectError(`studio: ${error.message}`)))
  })

const connectMember = async (
  target: Target,
  member: Member,
  onOp: (opId: number) => void,
  onAck: (opId: number) => void,
): Promise<LiveConnection> => {
  if (!target.token) throw new ConnectError("studio: no token; the gateway sign-in did not run")
  const socket = await openSocket(target.port)
  const client = new StudioMember(socket, member, onOp, onAck)
  socket.on("error", () => noteProblem("socket error"))
  await client.request(() => ({ t: "hello", token: target.token!, client: { name: "studio-bench", version: "1" } }), "welcome")
  // One member per room creates the shared canvas; the others wait for it.
  // (Each element starts at (-1, -1): a move to where it already is makes no event, and op ids map to x, y >= 0.)
  const key = `${target.port}/${member.room}`
  let created = canvases.get(key)
  if (!created) {
    created = client.command({ type: "create", title: `bench ${member.room}`, privacy: "shared" }, `create-${member.room}`).then(() => undefined)
    canvases.set(key, created)
  }
  await created
  await client.request((ref) => ({ t: "join", ref, addr: client.addr }), "joined")
  const added = (await client.command(
    { type: "addElement", element: { kind: "sticky", text: `member ${member.index}`, colour: "#ffcc00", x: -1, y: -1, w: 120, h: 80 } },
    `add-${member.room}-${member.index}`,
  )) as { seq: number }
  const elementId = await client.elementAddedAt(added.seq)
  return {
    send: (op) => client.move(elementId, op.id),
    close: () =>
      new Promise<void>((done) => {
        if (socket.readyState === WebSocket.CLOSED) return done()
        socket.once("close", () => done())
        socket.terminate()
      }),
  }
}

export const studioAdapter: Adapter = {
  subject: "studio",
  connect: (target, member, onOp, onAck) => withTimeout(connectMember(target, member, onOp, onAck ?? (() => undefined)), 15_000, "studio connect"),
  takeProblems: () => {
    const taken = { ...problems }
    for (const key of Object.keys(problems)) delete problems[key]
    return taken
  },
}

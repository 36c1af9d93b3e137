/** Connects many members with bounded concurrency, so a big roster does not storm the server with handshakes. */
import type { Adapter, LiveConnection, Member, Target } from "./adapters/adapter.ts"

export const connectAll = async (
  adapter: Adapter,
  target: Target,
  roster: readonly Member[],
  onOp: (member: Member, opId: number) => void,
  onAck: (opId: number) => void = () => undefined,
  concurrency = 64,
): Promise<LiveConnection[]> => {
  const connections: LiveConnection[] = new Array(roster.length)
  let next = 0
  let failure: unknown
  const worker = async () => {
    while (failure === undefined && next < roster.length) {
      const i = next++
      const member = roster[i]!
      try {
        connections[i] = await adapter.connect(target, member, (opId) => onOp(member, opId), onAck)
      } catch (error) {
        failure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, roster.length) }, worker))
  if (failure !== undefined) {
    await closeAll(connections.filter(Boolean))
    throw failure
  }
  return connections
}

export const closeAll = async (connections: readonly LiveConnection[]): Promise<void> => {
  await Promise.allSettled(connections.map((c) => c.close()))
}

/**
 * How a peer server tells the bench runner it is listening: one line on
 * stdout, `BENCH_READY {"port":N}`. The runner waits for it before loading.
 */
export const READY_PREFIX = "BENCH_READY "

export const announceReady = (port: number): void => {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ port })}\n`)
}

/** PORT from the environment; the runner always picks a free one. */
export const portFromEnv = (): number => {
  const port = Number(process.env["PORT"])
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`peer: PORT must be a TCP port number, got ${JSON.stringify(process.env["PORT"])}`)
    process.exit(2)
  }
  return port
}

/** The room a socket asked for in its URL (`/?room=r1`), or undefined. */
export const roomOf = (url: string | undefined): string | undefined => {
  const room = new URL(url ?? "/", "http://peer").searchParams.get("room")
  return room && /^[A-Za-z0-9_-]{1,64}$/.test(room) ? room : undefined
}

/**
 * Rooms of the `ws`-based peers: adds the socket to the room its URL names
 * and removes it (and an emptied room) when it closes. Returns the room's
 * members, or undefined after closing a socket that named no room.
 */
export const joinRoomOfUrl = <S extends { close(code: number, reason: string): void; on(event: "close", listener: () => void): unknown }>(
  rooms: Map<string, Set<S>>,
  socket: S,
  url: string | undefined,
): Set<S> | undefined => {
  const room = roomOf(url)
  if (!room) {
    socket.close(4000, "room required")
    return undefined
  }
  let members = rooms.get(room)
  if (!members) rooms.set(room, (members = new Set()))
  members.add(socket)
  const joined = members
  socket.on("close", () => {
    joined.delete(socket)
    if (joined.size === 0 && rooms.get(room) === joined) rooms.delete(room)
  })
  return joined
}

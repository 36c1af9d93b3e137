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

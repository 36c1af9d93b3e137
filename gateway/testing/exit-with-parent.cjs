/**
 * Preloaded into every node a test starts (node-command.ts): the node ends
 * itself once the process that started it is gone. Vitest ends its workers
 * without running their exit handlers, so a file's afterAll or
 * process.on("exit") cannot be relied on to stop the nodes it started.
 */
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM")
}, 500).unref()

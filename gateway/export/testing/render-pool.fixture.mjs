// A stand-in render worker for render-pool.test.ts, speaking the same
// messages as render-worker.ts. A canvas PDF job acts by its title: "crash"
// ends the thread mid-job, "hang" never answers, "throw" fails its render;
// any other title comes back as its own bytes.
import { parentPort } from "node:worker_threads"

parentPort.on("message", ({ id, job }) => {
  parentPort.postMessage({ id, started: true })
  switch (job.title) {
    case "crash":
      return process.exit(7)
    case "hang":
      return setInterval(() => undefined, 60_000)
    case "throw":
      return parentPort.postMessage({ id, ok: false, message: "render failed on purpose" })
    default: {
      const bytes = new TextEncoder().encode(job.title)
      parentPort.postMessage({ id, ok: true, bytes }, [bytes.buffer])
    }
  }
})

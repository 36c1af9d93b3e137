/**
 * One forked generator process (see generator.ts): a Swarm over the adapter
 * of the subject it is told, driven by requests from the runner over IPC.
 */
import { EXTRA_SUBJECTS, SUBJECTS } from "../subjects.ts"
import { encodeDrive, measuringBusy, type ChildReply, type ChildRequest } from "./generator.ts"
import { Swarm } from "./swarm.ts"

let swarm: Swarm | undefined

const handle = async (request: ChildRequest): Promise<unknown> => {
  switch (request.kind) {
    case "init": {
      const subject = [...SUBJECTS, ...EXTRA_SUBJECTS].find((s) => s.name === request.subject)
      if (!subject) throw new Error(`no subject ${request.subject}`)
      swarm = new Swarm(subject.adapter, request.target, request.members, request.tag)
      return undefined
    }
    case "addRooms":
      return swarm!.addRooms(request.count)
    case "drive": {
      swarm!.adapter.takeProblems?.()
      const [result, busy] = await measuringBusy(() => swarm!.drive(request.drive))
      return encodeDrive(result, busy, swarm!.adapter.takeProblems?.() ?? {})
    }
    case "close":
      await swarm?.close()
      setImmediate(() => process.exit(0))
      return undefined
  }
}

process.on("message", (message: ChildRequest & { id: number }) => {
  handle(message).then(
    (value) => process.send!({ id: message.id, ok: true, value } satisfies ChildReply),
    (error: unknown) =>
      process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies ChildReply),
  )
})
// The runner going away must not leave sockets open.
process.on("disconnect", () => process.exit(0))

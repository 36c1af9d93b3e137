/** What every part of the live room reads and does: the session's state, the viewer, their powers, and sending commands. */
import { createContext, useContext, type Accessor } from "solid-js"
import type { Power } from "../../../../actors/session/protocol.ts"
import type { SessionState } from "../../../../actors/session/state.ts"
import type { Command, PresencePeer } from "../../client/types.ts"
import type { PrimaryAction } from "./room-logic.ts"

export interface Room {
  readonly sessionId: string
  readonly state: Accessor<SessionState>
  readonly me: string
  readonly can: (power: Power) => boolean
  readonly lead: () => boolean
  /** The one next action the accent button carries. */
  readonly primary: Accessor<PrimaryAction>
  /** Sends a command; `key` marks its button busy until the answer. Resolves false when refused (a toast says why). */
  readonly send: (cmd: Command, key?: string) => Promise<boolean>
  readonly busy: (key: string) => boolean
  readonly presence: Accessor<ReadonlyMap<string, PresencePeer>>
}

export const RoomContext = createContext<Room>()

export const useRoom = (): Room => {
  const room = useContext(RoomContext)
  if (!room) throw new Error("useRoom outside the live room")
  return room
}

/** The button class for an action: the accent colour when it is the room's next step. */
export const actionClass = (room: Room, action: PrimaryAction): string => (room.primary() === action ? "btn btn-primary" : "btn")

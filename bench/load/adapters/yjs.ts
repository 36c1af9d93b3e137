/**
 * Client for the Yjs peer: each member holds the room's Y.Doc through a
 * Hocuspocus provider; an operation is one transaction setting the member's
 * element in a shared Y.Map, and a remote change to that map is a delivery.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider"
import WebSocket from "ws"
import * as Y from "yjs"
import { ConnectError, withTimeout, type Adapter, type LiveConnection } from "./adapter.ts"

interface Placed {
  readonly id: number
  readonly x: number
  readonly y: number
}

export const yjsAdapter: Adapter = {
  subject: "yjs",
  connect: (target, member, onOp) =>
    withTimeout(
      new Promise<LiveConnection>((resolve, reject) => {
        const document = new Y.Doc()
        const elements = document.getMap<Placed>("elements")
        elements.observe((event) => {
          if (event.transaction.local) return
          for (const key of event.keysChanged) {
            const placed = elements.get(key)
            if (placed) onOp(placed.id)
          }
        })
        // One socket per member, as each member is its own browser in the scenario.
        const socket = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${target.port}`, WebSocketPolyfill: WebSocket })
        const provider = new HocuspocusProvider({
          websocketProvider: socket,
          name: member.room,
          document,
          onAuthenticationFailed: ({ reason }) => reject(new ConnectError(`yjs: ${reason}`)),
          onSynced: () =>
            resolve({
              send: (op) => document.transact(() => elements.set(op.el, { id: op.id, x: op.x, y: op.y })),
              close: async () => {
                provider.destroy()
                socket.destroy()
              },
            }),
        })
        provider.attach()
      }),
      10_000,
      "yjs connect",
    ),
}

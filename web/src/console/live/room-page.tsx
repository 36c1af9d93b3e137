/**
 * The live room at /sessions/:id: where are we (phase rail, activity, time
 * left), who is with me (present, ready, hands), and one obvious next
 * action. The session is folded here from the server's events; every
 * control sends a command through the live client and says, in words, when
 * the server refuses it.
 *
 * The side column holds people, insights and suggested cards as tabs
 * (room-side.tsx), so each gets the column's height; the journey plan keeps
 * its own column, with its next-step button always in reach.
 */
import { A, useNavigate, useParams } from "@solidjs/router"
import { createMemo, createSignal, Match, onMount, Show, Switch } from "solid-js"
import type { Power } from "../../../../actors/session/protocol.ts"
import { useActor } from "../../client/solid.ts"
import type { Command } from "../../client/types.ts"
import { t } from "../../i18n/i18n.ts"
import { showToast } from "../../ui/Toasts.tsx"
import { consoleError } from "../errors.ts"
import { currentSession, live, me } from "../store.ts"
import { BottomBar } from "./bottom-bar.tsx"
import { RoomContext, type Room } from "./room-context.ts"
import { RoomHeader } from "./room-header.tsx"
import { can, isLead, primaryAction } from "./room-logic.ts"
import { roomReducer } from "./room-reducer.ts"
import { RoomSide } from "./room-side.tsx"
import { Stage } from "./stage.tsx"
import { Stepper } from "./stepper.tsx"

const RoomView = (props: { readonly sessionId: string; readonly tenant: string }) => {
  const navigate = useNavigate()
  const addr = `session/${props.sessionId}`
  const actor = useActor(live(), addr, roomReducer(addr, props.tenant))
  const [busyKeys, setBusyKeys] = createSignal<ReadonlySet<string>>(new Set())
  const [failure, setFailure] = createSignal<unknown>()
  const userId = me()

  onMount(() => {
    actor.handle.ready().then(
      () => actor.handle.setPresence({ role: "facilitator" }),
      (error: unknown) => setFailure(error),
    )
  })

  const send = async (cmd: Command, key?: string): Promise<boolean> => {
    if (key) setBusyKeys((keys) => new Set([...keys, key]))
    try {
      await actor.handle.send(cmd)
      if (cmd.type === "end") navigate(`/sessions/${props.sessionId}/recap`)
      return true
    } catch (error) {
      showToast(t("console.room.refused", { reason: consoleError(error) }))
      return false
    } finally {
      if (key) setBusyKeys((keys) => new Set([...keys].filter((k) => k !== key)))
    }
  }

  const state = createMemo(() => actor.state())
  const primary = createMemo(() => {
    const s = state()
    return s ? primaryAction(s) : "none"
  })

  return (
    <Switch
      fallback={
        <p class="page muted" role="status">
          {t("console.room.joining")}
        </p>
      }
    >
      <Match when={failure() !== undefined || actor.status() === "failed" || actor.status() === "revoked"}>
        <div class="page">
          <div class="panel stack">
            <h1>{t("console.room.unavailableTitle")}</h1>
            <p>{(failure() ?? actor.handle.error) ? consoleError(failure() ?? actor.handle.error) : t("error.generic")}</p>
            <A class="btn btn-primary" href="/">
              {t("console.notFound.home")}
            </A>
          </div>
        </div>
      </Match>
      <Match when={state()}>
        {(s) => {
          const room: Room = {
            sessionId: props.sessionId,
            state: s,
            me: userId,
            can: (power: Power) => can(s(), userId, power),
            lead: () => isLead(s(), userId),
            primary,
            send,
            busy: (key) => busyKeys().has(key),
            presence: actor.presence,
          }
          return (
            <RoomContext.Provider value={room}>
              <div class="room">
                <RoomHeader />
                <aside class="room-plan" aria-label={t("console.plan.label")}>
                  <Stepper />
                </aside>
                <section class="room-stage" aria-label={t("console.stage.label")}>
                  <Stage />
                </section>
                <aside class="room-side" aria-label={t("console.side.label")}>
                  <RoomSide />
                </aside>
                <Show when={s().status === "open"}>
                  <BottomBar />
                </Show>
              </div>
            </RoomContext.Provider>
          )
        }}
      </Match>
    </Switch>
  )
}

export const RoomPage = () => {
  const params = useParams<{ id: string }>()
  return (
    <Show when={currentSession()?.user.tenant} keyed>
      {(tenant) => (
        <Show when={params.id} keyed>
          {(id) => <RoomView sessionId={id} tenant={tenant} />}
        </Show>
      )}
    </Show>
  )
}

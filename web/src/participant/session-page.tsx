/**
 * The participant's live view: one thing at a time, full screen. The header
 * says where the session is (phase, time left) and whether what they did is
 * kept (connection, saving); the middle shows the current activity; the
 * bottom has the two things a participant always may do: raise a hand, and
 * say "I'm done".
 */
import { useNavigate } from "@solidjs/router"
import { createEffect, createSignal, Match, onCleanup, onMount, Show, Switch } from "solid-js"
import type { ActorHandle, Command, ConnectionState } from "../client/types.ts"
import { formatNumber, t } from "../i18n/i18n.ts"
import { ConnectionStatus } from "../ui/ConnectionStatus.tsx"
import { errorText } from "../ui/errors.ts"
import { LanguagePicker } from "../ui/LanguagePicker.tsx"
import { TimerBar } from "../ui/TimerBar.tsx"
import { showToast } from "../ui/Toasts.tsx"
import { PRESENCE_HEARTBEAT_MS } from "../session/presence.ts"
import {
  applySessionEvent,
  cardWord,
  currentActivity,
  displayName,
  latestDraw,
  latestPoll,
  presentParticipants,
  roomOf,
  type SessionState,
} from "../session/view.ts"
import { CanvasActivity } from "./canvas-activity.tsx"
import { SessionCanvases } from "./session-canvases.tsx"
import { SharedCanvasNotices } from "./shared-canvas-notices.tsx"
import { createSharedCanvases, type SharedCanvases } from "./shared-canvases.ts"
import { CardsActivity } from "./cards-activity.tsx"
import { JournalPrompt } from "./journal-prompt.tsx"
import { PollActivity } from "./poll-activity.tsx"
import { sessionReducer } from "./session-reducer.ts"
import { joinedSession, participantApi, participantLive } from "./store.ts"
import { InsightsConsent } from "./insights-consent.tsx"

export const SessionPage = () => {
  const navigate = useNavigate()
  const addr = joinedSession()
  const session = participantApi().session()
  const [state, setState] = createSignal<SessionState>()
  const [connection, setConnection] = createSignal<ConnectionState>("connecting")
  const [pending, setPending] = createSignal(0)
  let handle: ActorHandle<SessionState> | undefined
  const shared =
    addr && session
      ? createSharedCanvases({ api: participantApi(), sessionId: addr.slice("session/".length), connected: () => connection() === "connected" })
      : undefined

  onMount(() => {
    if (!addr || !session) return navigate("/join", { replace: true })
    const live = participantLive()
    handle = live.subscribe(addr, sessionReducer(addr, session.user.tenant))
    const offs = [
      handle.onChange((next) => setState(next)),
      live.onConnection((c) => {
        setConnection(c.state)
        // Presence is what tells the facilitator this screen is open right now; it goes again after every reconnect.
        if (c.state === "connected") void handle?.ready().then(() => handle?.setPresence({ here: true }))
      }),
      live.onPending(setPending),
      live.onRejected((rejection) => showToast(t("save.rejected", { reason: errorText(rejection.error) }))),
    ]
    setConnection(live.connection().state)
    void handle.ready().then(() => handle?.setPresence({ here: true }))
    const heartbeat = setInterval(() => {
      if (live.connection().state === "connected" && handle?.status === "live") handle.setPresence({ here: true })
    }, PRESENCE_HEARTBEAT_MS)
    onCleanup(() => clearInterval(heartbeat))
    onCleanup(() => {
      for (const off of offs) off()
      handle?.close()
    })
  })

  // Summoned: when the facilitator brings everyone to a view, say so once; the stage below follows it.
  let lastView: unknown = undefined
  createEffect(() => {
    const view = state()?.view
    if (lastView !== undefined && view && view !== lastView) showToast(t("view.broughtHere"))
    lastView = view ?? null
  })

  const me = () => session?.user.id ?? ""
  // Shown at once, even offline: the event the command will produce, folded by the actor's own evolve; undone on a refusal.
  const send = (cmd: Command) => {
    const expected = expectedEvent(cmd, me())
    const optimistic = expected
      ? (current: SessionState) => applySessionEvent(current, { seq: 0, ev: expected, by: me(), at: Date.now() })
      : undefined
    void handle?.send(cmd, optimistic ? { optimistic } : {}).catch(() => undefined)
  }
  const during = (s: SessionState) => ({ phase: s.phase, activity: s.activity })

  return (
    <main class="participant live">
      <header class="live-header">
        <div class="row between">
          <strong class="title">{state()?.title ?? t("session.title")}</strong>
          <Show when={session && !session.user.roles.includes("guest")}>
            <a class="btn btn-small btn-quiet" href="/join/coach">
              {t("coach.nav")}
            </a>
          </Show>
          <ConnectionStatus state={connection()} pending={pending()} />
        </div>
        <Show when={state()}>
          {(s) => (
            <>
              <p class="phase" aria-live="polite">
                {s().phase ? t(`phase.${s().phase!}`) : t("phase.lobby")}
              </p>
              <TimerBar timer={s().timer} />
            </>
          )}
        </Show>
        <Show when={shared}>{(canvases) => <SharedCanvasNotices shared={canvases()} state={state()} />}</Show>
      </header>

      <section class="stage" aria-live="polite">
        <Show when={state()} fallback={<p class="muted">{t("connection.connecting")}</p>}>
          {(s) => (
            <Switch fallback={<Activity state={s()} me={me()} send={send} shared={shared} />}>
              <Match when={s().status === "ended"}>
                <div class="panel">
                  <h1>{t("session.ended")}</h1>
                </div>
              </Match>
              <Match when={s().phase === null}>
                <div class="panel stack">
                  <h1>{t("lobby.title")}</h1>
                  <p>{t("lobby.waiting")}</p>
                  <p class="muted">{t("lobby.people", { count: formatNumber(presentParticipants(s()).length) })}</p>
                </div>
              </Match>
            </Switch>
          )}
        </Show>
      </section>
      <Show when={state()}>{(s) => <InsightsConsent state={s()} me={me()} send={send} />}</Show>

      <Show when={state()?.phase && state()?.status === "open" ? state() : undefined}>
        {(s) => {
          const handUp = () => s().hands.includes(me())
          const done = () => s().done.includes(me())
          return (
            <footer class="actions">
              <p class="muted done-count">{t("done.count", { done: s().done.length, total: presentParticipants(s()).length })}</p>
              <div class="row">
                <button
                  type="button"
                  class="btn"
                  aria-pressed={handUp() ? "true" : "false"}
                  onClick={() => send(handUp() ? { type: "lowerHand" } : { type: "raiseHand" })}
                >
                  {handUp() ? t("hand.lower") : t("hand.raise")}
                </button>
                <button
                  type="button"
                  class={done() ? "btn" : "btn btn-primary"}
                  aria-pressed={done() ? "true" : "false"}
                  onClick={() => send({ type: done() ? "markNotDone" : "markDone", during: during(s()) })}
                >
                  {done() ? t("done.undo") : t("done.mark")}
                </button>
              </div>
            </footer>
          )
        }}
      </Show>
      <LanguagePicker />
    </main>
  )
}

/** The current activity, or what the facilitator brought everyone to. */
const Activity = (props: {
  readonly state: SessionState
  readonly me: string
  readonly send: (cmd: Command) => void
  readonly shared: SharedCanvases | undefined
}) => {
  const activity = () => currentActivity(props.state)
  const draw = () => latestDraw(props.state)
  const poll = () => latestPoll(props.state)
  const room = () => roomOf(props.state, props.me)
  const view = () => props.state.view?.kind
  return (
    <div class="stack">
      <Show when={activity()}>
        {(a) => (
          <div class="panel stack">
            <h1 dir="auto">{a().title}</h1>
            <Show when={a().kind !== "journal" && "prompt" in a() && (a() as { prompt: string | null }).prompt}>
              {(prompt) => (
                <p class="prompt" dir="auto">
                  {prompt()}
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
      <Show when={props.state.spotlight}>
        {(target) => (
          <div class="panel spotlight" role="region" aria-label={t("spotlight.title")}>
            <h2>{t("spotlight.title")}</h2>
            <p class="spotlight-name">
              {target().kind === "participant"
                ? displayName(props.state, (target() as { userId: string }).userId)
                : cardWord(props.state, (target() as { cardId: string }).cardId)}
            </p>
          </div>
        )}
      </Show>
      <Show
        when={props.state.breakout?.status === "ended" && !room() && (props.state.breakout?.startedAt ?? 0) >= (latestDraw(props.state)?.at ?? 0)}
      >
        <p class="muted">{t("breakout.back")}</p>
      </Show>
      <Show when={room()}>
        {(r) => (
          <div class="panel">
            <h2>{t("breakout.room", { room: r().name })}</h2>
            <p class="muted">
              {t("breakout.with", {
                names: r()
                  .members.filter((m) => m !== props.me)
                  .map((m) => displayName(props.state, m))
                  .join(", "),
              })}
            </p>
          </div>
        )}
      </Show>
      <Switch
        fallback={
          <Show when={!activity()}>
            <p class="muted">{t("activity.none")}</p>
          </Show>
        }
      >
        <Match when={activity()?.kind === "journal" && activity()}>
          {(a) => (
            <JournalPrompt
              live={participantLive()}
              me={props.me}
              isGuest={participantApi().session()?.user.roles.includes("guest") ?? true}
              sessionId={props.state.id}
              title={a().title}
              prompt={(a() as { prompt: string }).prompt}
            />
          )}
        </Match>
        <Match when={activity()?.kind === "canvas" || view() === "canvas"}>
          <CanvasActivity state={props.state} shared={props.shared} />
        </Match>
        <Match when={poll() && (poll()!.status === "open" || view() === "poll" || poll()!.openedAt >= (draw()?.at ?? 0))}>
          <PollActivity poll={poll()!} me={props.me} onVote={(choices) => props.send({ type: "vote", pollId: poll()!.pollId, choices })} />
        </Match>
        <Match when={draw() && (activity()?.kind === "cardDraw" || view() === "draw")}>
          <CardsActivity
            state={props.state}
            draw={draw()!}
            me={props.me}
            onPick={(pick) => props.send({ type: "pickCard", drawId: draw()!.drawId, ...pick })}
          />
        </Match>
      </Switch>
      <Show when={props.shared}>{(canvases) => <SessionCanvases state={props.state} shared={canvases()} />}</Show>
    </div>
  )
}

/** The event a participant's own command produces when the session accepts it. */
const expectedEvent = (cmd: Command, me: string): { type: string; [field: string]: unknown } | undefined => {
  switch (cmd.type) {
    case "pickCard":
      return { type: "cardPicked", drawId: cmd["drawId"], userId: me, cardId: cmd["cardId"] ?? null, position: cmd["position"] ?? null }
    case "raiseHand":
      return { type: "handRaised", userId: me }
    case "lowerHand":
      return { type: "handLowered", userId: me }
    case "markDone":
      return { type: "doneMarked", userId: me }
    case "markNotDone":
      return { type: "doneUnmarked", userId: me }
    case "vote":
      return { type: "voteCast", pollId: cmd["pollId"], voterId: me, choices: cmd["choices"] }
    default:
      return undefined
  }
}

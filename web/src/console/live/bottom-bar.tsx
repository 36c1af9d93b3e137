/**
 * The room's bottom bar: the join code written large (readable aloud: no 0/O
 * or 1/I), its QR code (bigger on demand, for sharing on a call), the link
 * to copy; lock or unlock; bring everyone to my view; co-facilitators; end.
 */
import { createSignal, For, Show } from "solid-js"
import type { SharedView } from "../../../../actors/session/protocol-facilitation.ts"
import { t } from "../../i18n/i18n.ts"
import { QrCode } from "../../ui/QrCode.tsx"
import { showToast } from "../../ui/Toasts.tsx"
import { displayName, presentParticipants } from "../../session/view.ts"
import { roomCanvasAddr } from "../../canvas/session-canvas.ts"
import { NewCanvasDialog } from "../canvases/new-canvas-dialog.tsx"
import { Dialog } from "../dialog.tsx"
import { CoFacilitatorDialog, powerWord } from "./cofacilitator-dialog.tsx"
import { EndSessionButton } from "./end-session.tsx"
import { useRoom } from "./room-context.ts"
import { activityBreakout, activityDraw, activityPoll, spokenCode } from "./room-logic.ts"

const joinLink = (code: string): string => `${globalThis.location?.origin ?? ""}/j/${code}`

const copy = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

const JoinCode = () => {
  const room = useRoom()
  const [showQr, setShowQr] = createSignal(false)
  const code = () => room.state().joinCode
  const copyLink = async () =>
    showToast((await copy(joinLink(code()))) ? t("console.join.copied") : t("console.join.copyFailed", { link: joinLink(code()) }))
  return (
    <div class="join row">
      <div class="join-code-box">
        <span class="muted small">{t("console.join.code")}</span>
        <span class="join-code" aria-label={t("console.join.codeSpelled", { code: code().split("").join(" ") })}>
          {spokenCode(code())}
        </span>
      </div>
      <button type="button" class="qr-button" aria-label={t("console.join.showQr")} onClick={() => setShowQr(true)}>
        <QrCode value={joinLink(code())} label={t("console.join.qrLabel", { link: joinLink(code()) })} size={56} />
      </button>
      <button type="button" class="btn btn-small" onClick={() => void copyLink()}>
        {t("console.join.copy")}
      </button>
      <Dialog open={showQr()} title={t("console.join.qrTitle")} onClose={() => setShowQr(false)}>
        <div class="stack qr-large">
          <QrCode value={joinLink(code())} label={t("console.join.qrLabel", { link: joinLink(code()) })} size={320} />
          <p class="join-code join-code-xl">{spokenCode(code())}</p>
          <p class="muted">{joinLink(code())}</p>
        </div>
      </Dialog>
    </div>
  )
}

/** "New canvas": one for everyone in the session, made and brought up at once (a breakout board, a parking lot). */
const NewRoomCanvas = () => {
  const room = useRoom()
  const [open, setOpen] = createSignal(false)
  return (
    <>
      <button type="button" class="btn btn-small" onClick={() => setOpen(true)}>
        {t("console.roomCanvas.new")}
      </button>
      <NewCanvasDialog open={open()} onClose={() => setOpen(false)} session={{ state: room.state, me: room.me }} />
    </>
  )
}

const CoFacilitators = () => {
  const room = useRoom()
  const [open, setOpen] = createSignal(false)
  const [editing, setEditing] = createSignal<string>()
  const [choice, setChoice] = createSignal("")
  const candidates = () => presentParticipants(room.state()).filter((p) => !room.state().coFacilitators.some((co) => co.userId === p.userId))
  return (
    <>
      <button type="button" class="btn btn-small" onClick={() => setOpen(true)}>
        {t("console.co.button", { count: room.state().coFacilitators.length })}
      </button>
      <Dialog open={open()} title={t("console.co.listTitle")} onClose={() => setOpen(false)}>
        <div class="stack">
          <Show when={room.state().coFacilitators.length > 0} fallback={<p class="muted">{t("console.co.none")}</p>}>
            <ul class="item-list">
              <For each={room.state().coFacilitators}>
                {(co) => (
                  <li class="item">
                    <div class="item-main">
                      <strong>{displayName(room.state(), co.userId)}</strong>
                      <span class="muted small">{co.powers.map(powerWord).join(", ")}</span>
                    </div>
                    <button type="button" class="btn btn-small" onClick={() => setEditing(co.userId)}>
                      {t("console.co.change")}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={candidates().length > 0} fallback={<p class="muted small">{t("console.co.nobodyToAppoint")}</p>}>
            <form
              class="row"
              onSubmit={(e) => {
                e.preventDefault()
                if (choice()) setEditing(choice())
              }}
            >
              <div class="field">
                <label for="co-choice">{t("console.co.pick")}</label>
                <select id="co-choice" value={choice()} onChange={(e) => setChoice(e.currentTarget.value)}>
                  <option value="">{t("console.co.pickNone")}</option>
                  <For each={candidates()}>{(p) => <option value={p.userId}>{p.displayName || p.userId}</option>}</For>
                </select>
              </div>
              <button type="submit" class="btn" disabled={!choice()}>
                {t("console.co.appoint")}
              </button>
            </form>
          </Show>
        </div>
      </Dialog>
      <CoFacilitatorDialog userId={editing()} onClose={() => setEditing(undefined)} />
    </>
  )
}

export const BottomBar = () => {
  const room = useRoom()
  const s = () => room.state()
  /** What "my view" is now: a canvas added for everyone, the stage's draw, poll or breakouts, else the activity. */
  const myView = (): SharedView => {
    const state = s()
    const roomCanvas = roomCanvasAddr(state)
    if (roomCanvas) return { kind: "canvas", id: roomCanvas.slice("canvas/".length) }
    const breakout = activityBreakout(state)
    if (breakout?.status === "open") return { kind: "breakouts", id: null }
    const poll = activityPoll(state)
    if (poll) return { kind: "poll", id: poll.pollId }
    const draw = activityDraw(state)
    if (draw) return { kind: "draw", id: draw.drawId }
    return { kind: "activity", id: null }
  }
  return (
    <footer class="room-bar">
      <JoinCode />
      <div class="row bar-actions">
        <span class={s().locked ? "chip chip-warn" : "chip chip-ok"} role="status">
          <span aria-hidden="true">{s().locked ? "■" : "○"}</span> {s().locked ? t("console.lock.locked") : t("console.lock.open")}
        </span>
        <Show when={room.can("lock")}>
          <button
            type="button"
            class="btn btn-small"
            disabled={room.busy("lock")}
            onClick={() => void room.send({ type: s().locked ? "unlock" : "lock" }, "lock")}
          >
            {s().locked ? t("console.lock.unlock") : t("console.lock.lock")}
          </button>
        </Show>
        <Show when={room.can("spotlight")}>
          <button
            type="button"
            class="btn btn-small"
            disabled={room.busy("view")}
            onClick={() => void room.send({ type: "bringToView", view: myView() }, "view").then((ok) => ok && showToast(t("console.view.brought")))}
          >
            {t("console.view.bring")}
          </button>
        </Show>
        <Show when={room.can("spotlight") && s().status === "open"}>
          <NewRoomCanvas />
        </Show>
        <Show when={room.lead()}>
          <CoFacilitators />
        </Show>
        <EndSessionButton quiet />
      </div>
    </footer>
  )
}

/**
 * Who is with me: how many are present, how many said "I'm done", raised
 * hands in the order raised (each can be lowered), and everyone present
 * with what they are doing in words (done, hand up, co-facilitator,
 * connected when their screen reports it) and, one level down, what the
 * facilitator can do about them: spotlight, co-facilitator, remove.
 */
import { createSignal, For, onCleanup, Show } from "solid-js"
import { formatNumber, t } from "../../i18n/i18n.ts"
import { PRESENCE_STALE_MS } from "../../session/presence.ts"
import { displayName, presentParticipants } from "../../session/view.ts"
import { ConfirmDialog } from "../dialog.tsx"
import { CoFacilitatorDialog } from "./cofacilitator-dialog.tsx"
import { useRoom } from "./room-context.ts"
import { readyCount } from "./room-logic.ts"

export const PeoplePanel = () => {
  const room = useRoom()
  const s = () => room.state()
  const people = () => presentParticipants(s())
  const ready = () => readyCount(s())
  const [removing, setRemoving] = createSignal<string>()
  const [appointing, setAppointing] = createSignal<string>()
  /** Only when someone's screen reports presence can "connected" mean anything. */
  const reportsPresence = () => room.presence().size > 0
  // Participants' screens report every few seconds; one silent for longer has gone (a phone that lost its network closes nothing).
  const [now, setNow] = createSignal(Date.now())
  const clock = setInterval(() => setNow(Date.now()), 1_000)
  onCleanup(() => clearInterval(clock))
  const connected = (userId: string) => {
    const peer = room.presence().get(userId)
    return peer !== undefined && now() - peer.at < PRESENCE_STALE_MS
  }
  const coFacilitator = (userId: string) => s().coFacilitators.find((co) => co.userId === userId)
  const spotlit = (userId: string) => {
    const target = s().spotlight
    return target?.kind === "participant" && target.userId === userId
  }

  return (
    <div class="people stack">
      <h2 class="visually-hidden">{t("console.people.title")}</h2>
      <dl class="counters">
        <div>
          <dt>{t("console.people.present")}</dt>
          <dd>{formatNumber(people().length)}</dd>
        </div>
        <div>
          <dt>{t("console.people.ready")}</dt>
          <dd aria-live="polite">{t("console.people.readyCount", { done: formatNumber(ready().done), of: formatNumber(ready().of) })}</dd>
        </div>
        <div>
          <dt>{t("console.people.hands")}</dt>
          <dd>{formatNumber(s().hands.length)}</dd>
        </div>
      </dl>
      <Show when={ready().of > 0 && ready().done === ready().of}>
        <p class="chip chip-ok ready-all" role="status">
          <span aria-hidden="true">✓</span> {t("console.people.allDone")}
        </p>
      </Show>

      <Show when={s().hands.length > 0}>
        <section aria-labelledby="hands-title" class="stack-s">
          <h3 id="hands-title">{t("console.hands.title")}</h3>
          <ol class="hands">
            <For each={s().hands}>
              {(userId) => (
                <li>
                  <span>
                    <span aria-hidden="true">☝ </span>
                    {displayName(s(), userId)}
                  </span>
                  <Show when={room.can("hands")}>
                    <button
                      type="button"
                      class="btn btn-small"
                      disabled={room.busy(`hand-${userId}`)}
                      aria-label={t("console.hands.lowerOf", { name: displayName(s(), userId) })}
                      onClick={() => void room.send({ type: "lowerHand", userId }, `hand-${userId}`)}
                    >
                      {t("console.hands.lower")}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ol>
          <Show when={room.can("hands") && s().hands.length > 1}>
            <button
              type="button"
              class="btn btn-small btn-quiet"
              disabled={room.busy("hands")}
              onClick={() => void room.send({ type: "lowerAllHands" }, "hands")}
            >
              {t("console.hands.lowerAll")}
            </button>
          </Show>
        </section>
      </Show>

      <section aria-labelledby="present-title" class="stack-s">
        <h3 id="present-title">{t("console.people.list")}</h3>
        <Show when={people().length > 0} fallback={<p class="muted small">{t("console.people.none")}</p>}>
          <ul class="person-list">
            <For each={people()}>
              {(person) => (
                <li class="person">
                  <div class="person-line">
                    <span class="person-name" dir="auto">
                      {person.displayName || t("console.people.unnamed")}
                    </span>
                    <span class="person-tags">
                      <Show when={s().done.includes(person.userId)}>
                        <span class="chip chip-ok">
                          <span aria-hidden="true">✓</span> {t("console.people.done")}
                        </span>
                      </Show>
                      <Show when={s().hands.includes(person.userId)}>
                        <span class="chip chip-warn">
                          <span aria-hidden="true">☝</span> {t("console.people.hand")}
                        </span>
                      </Show>
                      <Show when={coFacilitator(person.userId)}>
                        <span class="chip">{t("console.people.co")}</span>
                      </Show>
                      <Show when={spotlit(person.userId)}>
                        <span class="chip">
                          <span aria-hidden="true">★</span> {t("console.people.spotlit")}
                        </span>
                      </Show>
                      <Show when={reportsPresence()}>
                        <Show
                          when={connected(person.userId)}
                          fallback={
                            <span class="chip chip-warn">
                              <span aria-hidden="true">○</span> {t("console.people.notConnected")}
                            </span>
                          }
                        >
                          <span class="visually-hidden">{t("console.people.connected")}</span>
                        </Show>
                      </Show>
                    </span>
                  </div>
                  <Show when={room.can("spotlight") || room.lead()}>
                    <details
                      class="person-actions"
                      onKeyDown={(e) => {
                        if (e.key !== "Escape" || !e.currentTarget.open) return
                        e.currentTarget.open = false
                        e.currentTarget.querySelector("summary")?.focus()
                      }}
                      onFocusOut={(e) => {
                        const details = e.currentTarget
                        if (!details.contains(e.relatedTarget as Node | null)) details.open = false
                      }}
                    >
                      <summary aria-label={t("console.people.actionsFor", { name: person.displayName || person.userId })}>
                        <span aria-hidden="true">⋯</span>
                      </summary>
                      <div
                        class="stack-s person-menu"
                        onClick={(e) => {
                          if ((e.target as HTMLElement).closest("button")) (e.currentTarget.closest("details") as HTMLDetailsElement).open = false
                        }}
                      >
                        <Show when={room.can("spotlight")}>
                          <button
                            type="button"
                            class="btn btn-small"
                            onClick={() =>
                              void room.send(
                                { type: "spotlight", target: spotlit(person.userId) ? null : { kind: "participant", userId: person.userId } },
                                "spotlight",
                              )
                            }
                          >
                            {spotlit(person.userId) ? t("console.spotlight.end") : t("console.spotlight.person")}
                          </button>
                        </Show>
                        <Show when={room.lead()}>
                          <button type="button" class="btn btn-small" onClick={() => setAppointing(person.userId)}>
                            {coFacilitator(person.userId) ? t("console.co.change") : t("console.co.appoint")}
                          </button>
                          <button type="button" class="btn btn-small btn-danger" onClick={() => setRemoving(person.userId)}>
                            {t("console.people.remove")}
                          </button>
                        </Show>
                      </div>
                    </details>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <Show when={room.lead() && s().removed.length > 0}>
        <details class="removed">
          <summary>{t("console.people.removedCount", { count: formatNumber(s().removed.length) })}</summary>
          <ul class="person-list">
            <For each={s().removed}>
              {(userId) => (
                <li class="person-line">
                  <span>{displayName(s(), userId)}</span>
                  <button
                    type="button"
                    class="btn btn-small"
                    onClick={() => void room.send({ type: "readmitParticipant", userId }, `readmit-${userId}`)}
                  >
                    {t("console.people.readmit")}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>

      <ConfirmDialog
        open={removing() !== undefined}
        title={t("console.people.removeTitle", { name: displayName(s(), removing() ?? "") })}
        body={t("console.people.removeBody")}
        confirm={t("console.people.remove")}
        danger
        onConfirm={() => {
          const userId = removing()
          if (userId) void room.send({ type: "removeParticipant", userId }, `remove-${userId}`)
        }}
        onClose={() => setRemoving(undefined)}
      />
      <CoFacilitatorDialog userId={appointing()} onClose={() => setAppointing(undefined)} />
    </div>
  )
}

/**
 * Editing one activity of a journey, in a dialog: the fields its kind has
 * (a draw's deck, count, face down and picks; a poll's question, options,
 * mode, anonymity and when results show; a breakout's rooms or size...),
 * each refusal named beside its field before the server would refuse it.
 */
import { createEffect, createResource, createSignal, For, Match, Show, Switch } from "solid-js"
import type { Activity } from "../../../../actors/journey/activity.ts"
import { canvasTemplatesIn } from "../../../../actors/canvas/template-translation.ts"
import { locale, t } from "../../i18n/i18n.ts"
import { Field } from "../../ui/Field.tsx"
import type { DeckList } from "../api-types.ts"
import { Dialog } from "../dialog.tsx"
import { kindWord } from "../live/activity-words.ts"
import { api } from "../store.ts"
import { TextArea } from "../../ui/Field.tsx"
import { problemsOf, type Problem } from "./plan-edit.ts"
import { problemWord } from "./problem-words.ts"

type Of<K extends Activity["kind"]> = Extract<Activity, { kind: K }>

const int = (value: number, fallback: number) => (Number.isFinite(value) ? Math.round(value) : fallback)

export const ActivityEditor = (props: {
  readonly activity: Activity | undefined
  readonly onSave: (activity: Activity) => void
  readonly onClose: () => void
}) => {
  const [draft, setDraft] = createSignal<Activity | undefined>(props.activity)
  const [tried, setTried] = createSignal(false)
  const [decks] = createResource(locale, async () => (await api().get<DeckList>("/api/decks")).decks.filter((d) => d.allowed))
  createEffect(() => {
    setDraft(props.activity)
    setTried(false)
  })

  const update = (patch: Partial<Activity>) => setDraft((a) => (a ? ({ ...a, ...patch } as Activity) : a))
  const problems = () => (draft() ? problemsOf(draft()!) : [])
  const err = (problem: Problem) => (tried() && problems().includes(problem) ? t("console.builder.needs", { what: problemWord(problem) }) : undefined)

  const save = (event: SubmitEvent) => {
    event.preventDefault()
    setTried(true)
    const activity = draft()
    if (!activity || problems().length > 0) return
    props.onSave(activity)
  }

  return (
    <Dialog
      open={props.activity !== undefined}
      title={t("console.builder.editTitle", { kind: draft() ? kindWord(draft()!.kind) : "" })}
      onClose={props.onClose}
      wide
    >
      <Show when={draft()}>
        {(a) => (
          <form class="stack editor" onSubmit={save} novalidate>
            <div class="row editor-row">
              <Field
                label={t("console.builder.activityTitle")}
                value={a().title}
                maxlength={80}
                error={err("title")}
                onInput={(e) => update({ title: e.currentTarget.value })}
              />
              <Field
                label={t("console.builder.minutes")}
                type="number"
                min="0"
                max="240"
                value={a().minutes}
                error={err("minutes")}
                onInput={(e) => update({ minutes: int(e.currentTarget.valueAsNumber, 0) })}
              />
            </div>
            <Switch>
              <Match when={a().kind === "cardDraw" && (a() as Of<"cardDraw">)}>
                {(d) => (
                  <>
                    <div class="field">
                      <label for="ed-deck">{t("console.cards.deck")}</label>
                      <select id="ed-deck" value={d().deckId ?? ""} onChange={(e) => update({ deckId: e.currentTarget.value || null })}>
                        <option value="">{t("console.builder.deckLater")}</option>
                        <For each={decks() ?? []}>{(deck) => <option value={deck.deckId}>{deck.title}</option>}</For>
                      </select>
                    </div>
                    <div class="row editor-row">
                      <Field
                        label={t("console.cards.count")}
                        type="number"
                        min="1"
                        max="30"
                        value={d().count}
                        error={err("count")}
                        onInput={(e) => update({ count: int(e.currentTarget.valueAsNumber, 1) })}
                      />
                      <Field
                        label={t("console.cards.picks")}
                        type="number"
                        min="0"
                        max="3"
                        value={d().picksPerPerson}
                        onInput={(e) => update({ picksPerPerson: Math.min(3, Math.max(0, int(e.currentTarget.valueAsNumber, 1))) })}
                      />
                    </div>
                    <label class="check">
                      <input type="checkbox" checked={d().faceDown} onChange={(e) => update({ faceDown: e.currentTarget.checked })} />
                      {t("console.cards.faceDown")}
                    </label>
                    <TextArea
                      label={t("console.builder.promptOptional")}
                      value={d().prompt ?? ""}
                      error={err("prompt")}
                      onInput={(e) => update({ prompt: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
                    />
                  </>
                )}
              </Match>
              <Match when={(a().kind === "reflection" || a().kind === "journal") && (a() as Of<"reflection">)}>
                {(r) => (
                  <TextArea
                    label={t("console.builder.prompt")}
                    value={r().prompt}
                    error={err("prompt")}
                    onInput={(e) => update({ prompt: e.currentTarget.value })}
                  />
                )}
              </Match>
              <Match when={a().kind === "canvas" && (a() as Of<"canvas">)}>
                {(c) => (
                  <>
                    <div class="field">
                      <label for="ed-canvas">{t("console.builder.canvasTemplate")}</label>
                      <select id="ed-canvas" value={c().templateId} onChange={(e) => update({ templateId: e.currentTarget.value })}>
                        <For each={canvasTemplatesIn(locale())}>{(tpl) => <option value={tpl.id}>{tpl.title}</option>}</For>
                      </select>
                    </div>
                    <TextArea
                      label={t("console.builder.promptOptional")}
                      value={c().prompt ?? ""}
                      error={err("prompt")}
                      onInput={(e) => update({ prompt: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
                    />
                  </>
                )}
              </Match>
              <Match when={a().kind === "poll" && (a() as Of<"poll">)}>
                {(p) => (
                  <>
                    <Field
                      label={t("console.builder.question")}
                      value={p().question}
                      maxlength={300}
                      error={err("question")}
                      onInput={(e) => update({ question: e.currentTarget.value })}
                    />
                    <fieldset class="choice">
                      <legend>{t("console.builder.options")}</legend>
                      <For each={p().options}>
                        {(option, i) => (
                          <div class="row option-row">
                            <input
                              aria-label={t("console.builder.optionN", { n: i() + 1 })}
                              value={option}
                              maxlength={120}
                              onInput={(e) => update({ options: p().options.map((o, j) => (j === i() ? e.currentTarget.value : o)) })}
                            />
                            <button
                              type="button"
                              class="btn btn-small btn-quiet"
                              disabled={p().options.length <= 2}
                              aria-label={t("console.builder.removeOptionN", { n: i() + 1 })}
                              onClick={() => update({ options: p().options.filter((_, j) => j !== i()) })}
                            >
                              <span aria-hidden="true">✕</span>
                            </button>
                          </div>
                        )}
                      </For>
                      <div class="row">
                        <button
                          type="button"
                          class="btn btn-small"
                          disabled={p().options.length >= 10}
                          onClick={() => update({ options: [...p().options, ""] })}
                        >
                          {t("console.builder.addOption")}
                        </button>
                      </div>
                      <Show when={err("options")}>
                        <span class="error" role="alert">
                          {err("options")}
                        </span>
                      </Show>
                    </fieldset>
                    <div class="row editor-row">
                      <div class="field">
                        <label for="ed-mode">{t("console.builder.mode")}</label>
                        <select id="ed-mode" value={p().mode} onChange={(e) => update({ mode: e.currentTarget.value as Of<"poll">["mode"] })}>
                          <option value="single">{t("console.poll.modeSingle")}</option>
                          <option value="multiple">{t("console.poll.modeMultiple")}</option>
                          <option value="dots">{t("console.builder.modeDots")}</option>
                        </select>
                      </div>
                      <Show when={p().mode === "dots"}>
                        <Field
                          label={t("console.builder.dots")}
                          type="number"
                          min="1"
                          max="10"
                          value={p().dots}
                          onInput={(e) => update({ dots: Math.min(10, Math.max(1, int(e.currentTarget.valueAsNumber, 3))) })}
                        />
                      </Show>
                    </div>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={p().anonymous}
                        onChange={(e) => update(e.currentTarget.checked ? { anonymous: true, resultsWhen: "closed" } : { anonymous: false })}
                      />
                      {t("console.builder.anonymous")}
                    </label>
                    <div class="field">
                      <label for="ed-results">{t("console.builder.resultsWhen")}</label>
                      <select
                        id="ed-results"
                        value={p().resultsWhen}
                        disabled={p().anonymous}
                        aria-describedby={p().anonymous ? "ed-results-hint" : undefined}
                        onChange={(e) => update({ resultsWhen: e.currentTarget.value as Of<"poll">["resultsWhen"] })}
                      >
                        <option value="live">{t("console.poll.resultsLive")}</option>
                        <option value="closed">{t("console.poll.resultsClosed")}</option>
                      </select>
                      <Show when={p().anonymous}>
                        <span class="hint" id="ed-results-hint">
                          {t("console.builder.anonymousHint")}
                        </span>
                      </Show>
                    </div>
                  </>
                )}
              </Match>
              <Match when={a().kind === "timer" && (a() as Of<"timer">)}>
                {(tm) => (
                  <Field
                    label={t("console.builder.timerMinutes")}
                    type="number"
                    min="0.25"
                    max="240"
                    step="0.25"
                    value={tm().seconds / 60}
                    error={err("seconds")}
                    onInput={(e) => update({ seconds: int(e.currentTarget.valueAsNumber * 60, 60) })}
                  />
                )}
              </Match>
              <Match when={a().kind === "breakout" && (a() as Of<"breakout">)}>
                {(b) => (
                  <>
                    <fieldset class="choice">
                      <legend>{t("console.breakout.how")}</legend>
                      <label class="check">
                        <input type="radio" name="ed-by" checked={b().rooms !== null} onChange={() => update({ rooms: b().size ?? 2, size: null })} />
                        {t("console.breakout.byRooms")}
                      </label>
                      <label class="check">
                        <input type="radio" name="ed-by" checked={b().size !== null} onChange={() => update({ size: b().rooms ?? 3, rooms: null })} />
                        {t("console.breakout.bySize")}
                      </label>
                    </fieldset>
                    <Show
                      when={b().rooms !== null}
                      fallback={
                        <Field
                          label={t("console.breakout.size")}
                          type="number"
                          min="2"
                          max="50"
                          value={b().size ?? 3}
                          error={err("rooms")}
                          onInput={(e) => update({ size: Math.min(50, Math.max(2, int(e.currentTarget.valueAsNumber, 3))) })}
                        />
                      }
                    >
                      <Field
                        label={t("console.breakout.rooms")}
                        type="number"
                        min="2"
                        max="50"
                        value={b().rooms ?? 2}
                        error={err("rooms")}
                        onInput={(e) => update({ rooms: Math.min(50, Math.max(2, int(e.currentTarget.valueAsNumber, 2))) })}
                      />
                    </Show>
                    <Field
                      label={t("console.builder.roomNames")}
                      hint={t("console.builder.roomNamesHint")}
                      value={b().names.join(", ")}
                      onInput={(e) =>
                        update({
                          names: e.currentTarget.value
                            .split(",")
                            .map((n) => n.trim())
                            .filter(Boolean)
                            .slice(0, 50)
                            .map((n) => n.slice(0, 60)),
                        })
                      }
                    />
                    <TextArea
                      label={t("console.builder.promptOptional")}
                      value={b().prompt ?? ""}
                      error={err("prompt")}
                      onInput={(e) => update({ prompt: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
                    />
                  </>
                )}
              </Match>
            </Switch>
            <div class="row end">
              <button type="button" class="btn" onClick={() => props.onClose()}>
                {t("action.cancel")}
              </button>
              <button type="submit" class="btn btn-primary">
                {t("console.builder.apply")}
              </button>
            </div>
          </form>
        )}
      </Show>
    </Dialog>
  )
}

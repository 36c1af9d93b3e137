/**
 * The journey builder at /journeys/new (optionally ?template=<id>) and
 * /journeys/<id>: a title, the four phases Pause, Expand, Focus, Doing, and
 * their activities added, edited, removed and reordered, by drag and drop
 * or with "move up" / "move down" (keyboard, screen readers: the move is
 * announced and focus follows the activity). Saving publishes a new
 * version; a session can start from the saved journey at once.
 */
import { useNavigate, useParams, useSearchParams } from "@solidjs/router"
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js"
import { EMPTY_PLAN, PHASES, type Activity, type ActivityKind, type Plan } from "../../../../actors/journey/activity.ts"
import { formatDateTime, formatNumber, locale, t } from "../../i18n/i18n.ts"
import { Field } from "../../ui/Field.tsx"
import { showToast } from "../../ui/Toasts.tsx"
import type { Journey, Template, TemplateSummary } from "../api-types.ts"
import { ConfirmDialog } from "../dialog.tsx"
import { consoleError } from "../errors.ts"
import { rememberJourney } from "../journeys-local.ts"
import { kindWord } from "../live/activity-words.ts"
import { startJourney } from "../start-session.ts"
import { api } from "../store.ts"
import { TextArea } from "../../ui/Field.tsx"
import { ActivityEditor } from "./activity-editor.tsx"
import {
  addActivity,
  canNudge,
  moveActivity,
  newActivity,
  nudge,
  planProblems,
  problemsOf,
  removeActivity,
  replaceActivity,
  type Phase,
  type Slot,
} from "./plan-edit.ts"
import { problemWord } from "./problem-words.ts"

const KINDS: readonly ActivityKind[] = ["cardDraw", "reflection", "poll", "breakout", "timer", "journal", "canvas"]

const rowId = (slot: Slot, part: string) => `act-${slot.phase}-${slot.index}-${part}`

export const JourneyPage = () => {
  const params = useParams<{ id: string }>()
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const isNew = () => params.id === "new"
  const [title, setTitle] = createSignal("")
  const [description, setDescription] = createSignal("")
  const [plan, setPlan] = createSignal<Plan>(EMPTY_PLAN)
  const [templateId, setTemplateId] = createSignal<string | null>(null)
  const [journey, setJourney] = createSignal<Journey>()
  const [dirty, setDirty] = createSignal(false)
  const [saving, setSaving] = createSignal(false)
  const [tried, setTried] = createSignal(false)
  const [editing, setEditing] = createSignal<Slot & { readonly isNew: boolean }>()
  const [removing, setRemoving] = createSignal<Slot>()
  const [announce, setAnnounce] = createSignal("")
  const [dragging, setDragging] = createSignal<Slot>()
  const [dropAt, setDropAt] = createSignal<Slot>()
  const [addKind, setAddKind] = createSignal<Record<Phase, ActivityKind>>({
    Pause: "cardDraw",
    Expand: "cardDraw",
    Focus: "poll",
    Doing: "reflection",
  })
  const [chosenTemplate, setChosenTemplate] = createSignal("")
  const [confirmTemplate, setConfirmTemplate] = createSignal(false)
  const [loadError, setLoadError] = createSignal<unknown>()
  // Keyed by the UI's language: the template picker follows a language switch.
  const [templates] = createResource(locale, async () => (await api().get<{ templates: TemplateSummary[] }>("/api/journey-templates")).templates)

  const change = (next: Plan) => {
    setPlan(next)
    setDirty(true)
  }

  const useTemplate = async (id: string) => {
    try {
      const template = await api().get<Template>(`/api/journey-templates/${encodeURIComponent(id)}`)
      setPlan(template.plan)
      setTemplateId(template.templateId)
      if (!title().trim()) setTitle(template.title)
      if (!description().trim()) setDescription(template.description)
      setDirty(true)
    } catch (failure) {
      showToast(consoleError(failure))
    }
  }

  createEffect(
    on(
      () => [params.id, search["template"]] as const,
      async ([id, template]) => {
        setLoadError(undefined)
        if (id === "new") {
          setJourney(undefined)
          setTitle("")
          setDescription("")
          setPlan(EMPTY_PLAN)
          setTemplateId(null)
          setDirty(false)
          if (typeof template === "string" && template) await useTemplate(template)
          setDirty(false)
          return
        }
        try {
          const loaded = await api().get<Journey>(`/api/journeys/${encodeURIComponent(id)}`)
          const latest = loaded.versions.at(-1)
          setJourney(loaded)
          setTitle(latest?.title ?? "")
          setDescription(latest?.description ?? "")
          setPlan(latest?.plan ?? EMPTY_PLAN)
          setDirty(false)
        } catch (failure) {
          setLoadError(failure)
        }
      },
    ),
  )

  const latestVersion = () => journey()?.versions.at(-1)?.version ?? 0
  const problems = () => planProblems(plan())
  const titleError = () => (tried() && !title().trim() ? t("console.builder.problem.title") : undefined)

  const save = async () => {
    setTried(true)
    if (!title().trim() || problems().length > 0) {
      showToast(t("console.builder.fixFirst"))
      return
    }
    setSaving(true)
    try {
      const body = { title: title().trim(), description: description().trim() || null, plan: plan() }
      if (isNew()) {
        const created = await api().post<{ id: string }>("/api/journeys", { ...body, templateId: templateId() })
        rememberJourney({ journeyId: created.id, title: body.title, version: 1, savedAt: Date.now() })
        setDirty(false)
        showToast(t("console.builder.created"))
        navigate(`/journeys/${created.id}`, { replace: true })
      } else {
        await api().post(`/api/journeys/${encodeURIComponent(params.id)}/versions`, body)
        const loaded = await api().get<Journey>(`/api/journeys/${encodeURIComponent(params.id)}`)
        setJourney(loaded)
        rememberJourney({ journeyId: params.id, title: body.title, version: loaded.versions.at(-1)?.version ?? 1, savedAt: Date.now() })
        setDirty(false)
        showToast(t("console.builder.saved", { version: formatNumber(loaded.versions.at(-1)?.version ?? 1) }))
      }
    } catch (failure) {
      showToast(t("console.builder.saveFailed", { reason: consoleError(failure) }))
    } finally {
      setSaving(false)
    }
  }

  const start = async () => {
    try {
      navigate(`/sessions/${await startJourney(params.id)}`)
    } catch (failure) {
      showToast(t("console.home.startFailed", { reason: consoleError(failure) }))
    }
  }

  const move = (from: Slot, direction: -1 | 1) => {
    const activity = plan()[from.phase][from.index]
    const moved = nudge(plan(), from, direction)
    if (moved.plan === plan() || !activity) return
    change(moved.plan)
    setAnnounce(
      t("console.builder.moved", { title: activity.title, phase: t(`phase.${moved.at.phase}`), position: formatNumber(moved.at.index + 1) }),
    )
    const part = direction === -1 ? "up" : "down"
    queueMicrotask(() => {
      const target = document.getElementById(rowId(moved.at, part)) as HTMLButtonElement | null
      if (target && !target.disabled) target.focus()
      else (document.getElementById(rowId(moved.at, "edit")) as HTMLButtonElement | null)?.focus()
    })
  }

  const add = (phase: Phase) => {
    const kind = addKind()[phase]
    const next = addActivity(plan(), phase, newActivity(kind, kindWord(kind)))
    if (next === plan()) return showToast(t("console.builder.phaseFull"))
    change(next)
    setEditing({ phase, index: next[phase].length - 1, isNew: true })
  }

  const drop = (to: Slot) => {
    const from = dragging()
    setDragging(undefined)
    setDropAt(undefined)
    if (!from) return
    const activity = plan()[from.phase][from.index]
    const next = moveActivity(plan(), from, to)
    if (next !== plan() && activity) {
      change(next)
      setAnnounce(t("console.builder.movedShort", { title: activity.title, phase: t(`phase.${to.phase}`) }))
    }
  }

  const editingActivity = () => {
    const slot = editing()
    return slot ? plan()[slot.phase][slot.index] : undefined
  }

  return (
    <div class="page stack-l builder">
      <div class="row between">
        <div>
          <h1>{isNew() ? t("console.builder.newTitle") : t("console.builder.editJourney")}</h1>
          <Show when={journey()}>
            {(j) => (
              <p class="muted">
                {t("console.builder.versionInfo", {
                  version: formatNumber(latestVersion()),
                  date: formatDateTime(j().versions.at(-1)?.publishedAt ?? Date.now()),
                })}
              </p>
            )}
          </Show>
        </div>
        <div class="row">
          <Show when={dirty()}>
            <span class="chip chip-warn" role="status">
              {t("console.builder.unsaved")}
            </span>
          </Show>
          <button type="button" class={dirty() || isNew() ? "btn btn-primary" : "btn"} disabled={saving()} onClick={() => void save()}>
            {saving()
              ? t("console.builder.saving")
              : isNew()
                ? t("console.builder.create")
                : t("console.builder.saveVersion", { version: formatNumber(latestVersion() + 1) })}
          </button>
          <Show when={!isNew()}>
            <button type="button" class={dirty() ? "btn" : "btn btn-primary"} disabled={dirty() || saving()} onClick={() => void start()}>
              {t("console.home.start")}
            </button>
          </Show>
        </div>
      </div>
      <Show when={loadError()}>
        <div class="alert" role="alert">
          {consoleError(loadError())}
        </div>
      </Show>

      <section class="panel stack" aria-labelledby="about-title">
        <h2 id="about-title" class="visually-hidden">
          {t("console.builder.about")}
        </h2>
        <Field
          label={t("console.builder.title")}
          value={title()}
          maxlength={120}
          error={titleError()}
          onInput={(e) => {
            setTitle(e.currentTarget.value)
            setDirty(true)
          }}
        />
        <TextArea
          label={t("console.builder.description")}
          value={description()}
          maxlength={2000}
          onInput={(e) => {
            setDescription(e.currentTarget.value)
            setDirty(true)
          }}
        />
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault()
            if (!chosenTemplate()) return
            if (PHASES.some((p) => plan()[p].length > 0)) setConfirmTemplate(true)
            else void useTemplate(chosenTemplate())
          }}
        >
          <div class="field">
            <label for="builder-template">{t("console.builder.fromTemplate")}</label>
            <select id="builder-template" value={chosenTemplate()} onChange={(e) => setChosenTemplate(e.currentTarget.value)}>
              <option value="">{t("console.builder.chooseTemplate")}</option>
              <For each={templates() ?? []}>{(tpl) => <option value={tpl.templateId}>{tpl.title}</option>}</For>
            </select>
          </div>
          <button type="submit" class="btn" disabled={!chosenTemplate()}>
            {t("console.builder.useTemplate")}
          </button>
        </form>
      </section>

      <p class="visually-hidden" role="status" aria-live="polite">
        {announce()}
      </p>
      <Show when={tried() && problems().length > 0}>
        <div class="alert" role="alert">
          {t("console.builder.problemsCount", { count: formatNumber(problems().length) })}
        </div>
      </Show>

      <div class="phases-grid">
        <For each={PHASES}>
          {(phase) => (
            <section class="panel stack phase-column" aria-labelledby={`phase-${phase}`}>
              <h2 id={`phase-${phase}`}>{t(`phase.${phase}`)}</h2>
              <ol
                class="activity-list"
                data-drop={dropAt()?.phase === phase && dropAt()?.index === plan()[phase].length ? "end" : undefined}
                onDragOver={(e) => {
                  if (!dragging()) return
                  e.preventDefault()
                  if (e.target === e.currentTarget) setDropAt({ phase, index: plan()[phase].length })
                }}
                onDrop={(e) => {
                  e.preventDefault()
                  drop(dropAt()?.phase === phase ? dropAt()! : { phase, index: plan()[phase].length })
                }}
              >
                <For each={plan()[phase]} fallback={<li class="muted small empty-phase">{t("console.builder.emptyPhase")}</li>}>
                  {(activity: Activity, i) => {
                    const slot = (): Slot => ({ phase, index: i() })
                    const issues = () => (tried() ? problemsOf(activity) : [])
                    return (
                      <li
                        class="activity-row"
                        draggable="true"
                        data-dragging={dragging()?.phase === phase && dragging()?.index === i() ? "true" : undefined}
                        data-drop={dropAt()?.phase === phase && dropAt()?.index === i() ? "before" : undefined}
                        onDragStart={(e) => {
                          setDragging(slot())
                          e.dataTransfer?.setData("text/plain", activity.title)
                          if (e.dataTransfer) e.dataTransfer.effectAllowed = "move"
                        }}
                        onDragEnd={() => {
                          setDragging(undefined)
                          setDropAt(undefined)
                        }}
                        onDragOver={(e) => {
                          if (!dragging()) return
                          e.preventDefault()
                          e.stopPropagation()
                          const box = e.currentTarget.getBoundingClientRect()
                          setDropAt({ phase, index: e.clientY > box.top + box.height / 2 ? i() + 1 : i() })
                        }}
                      >
                        <span class="grip" aria-hidden="true">
                          ⋮⋮
                        </span>
                        <div class="activity-main">
                          <strong dir="auto">{activity.title}</strong>
                          <span class="muted small">
                            {kindWord(activity.kind)} · {t("console.plan.minutes", { minutes: formatNumber(activity.minutes) })}
                          </span>
                          <Show when={issues().length > 0}>
                            <span class="error small">{t("console.builder.needs", { what: issues().map(problemWord).join(", ") })}</span>
                          </Show>
                        </div>
                        <div class="row activity-actions">
                          <button
                            type="button"
                            id={rowId(slot(), "edit")}
                            class="btn btn-small"
                            aria-label={t("console.builder.editOf", { title: activity.title })}
                            onClick={() => setEditing({ ...slot(), isNew: false })}
                          >
                            {t("console.home.edit")}
                          </button>
                          <button
                            type="button"
                            id={rowId(slot(), "up")}
                            class="btn btn-small btn-quiet"
                            disabled={!canNudge(plan(), slot(), -1)}
                            aria-label={t("console.builder.moveUp", { title: activity.title })}
                            onClick={() => move(slot(), -1)}
                          >
                            <span aria-hidden="true">↑</span>
                          </button>
                          <button
                            type="button"
                            id={rowId(slot(), "down")}
                            class="btn btn-small btn-quiet"
                            disabled={!canNudge(plan(), slot(), 1)}
                            aria-label={t("console.builder.moveDown", { title: activity.title })}
                            onClick={() => move(slot(), 1)}
                          >
                            <span aria-hidden="true">↓</span>
                          </button>
                          <button
                            type="button"
                            class="btn btn-small btn-quiet btn-danger-text"
                            aria-label={t("console.builder.removeOf", { title: activity.title })}
                            onClick={() => setRemoving(slot())}
                          >
                            <span aria-hidden="true">✕</span>
                          </button>
                        </div>
                      </li>
                    )
                  }}
                </For>
              </ol>
              <form
                class="row add-activity"
                onSubmit={(e) => {
                  e.preventDefault()
                  add(phase)
                }}
              >
                <label class="visually-hidden" for={`add-${phase}`}>
                  {t("console.builder.kindIn", { phase: t(`phase.${phase}`) })}
                </label>
                <select
                  id={`add-${phase}`}
                  value={addKind()[phase]}
                  onChange={(e) => setAddKind({ ...addKind(), [phase]: e.currentTarget.value as ActivityKind })}
                >
                  <For each={KINDS}>{(kind) => <option value={kind}>{kindWord(kind)}</option>}</For>
                </select>
                <button type="submit" class="btn btn-small">
                  {t("console.builder.add")}
                </button>
              </form>
            </section>
          )}
        </For>
      </div>

      <ActivityEditor
        activity={editingActivity()}
        onSave={(activity) => {
          const slot = editing()
          if (slot) change(replaceActivity(plan(), slot, activity))
          setEditing(undefined)
        }}
        onClose={() => {
          const slot = editing()
          // A new activity abandoned before its first save goes away again.
          if (slot?.isNew) change(removeActivity(plan(), slot))
          setEditing(undefined)
        }}
      />
      <ConfirmDialog
        open={removing() !== undefined}
        title={t("console.builder.removeTitle", { title: removing() ? (plan()[removing()!.phase][removing()!.index]?.title ?? "") : "" })}
        body={t("console.builder.removeBody")}
        confirm={t("console.people.remove")}
        danger
        onConfirm={() => {
          const slot = removing()
          if (slot) change(removeActivity(plan(), slot))
        }}
        onClose={() => setRemoving(undefined)}
      />
      <ConfirmDialog
        open={confirmTemplate()}
        title={t("console.builder.replaceTitle")}
        body={t("console.builder.replaceBody")}
        confirm={t("console.builder.useTemplate")}
        onConfirm={() => void useTemplate(chosenTemplate())}
        onClose={() => setConfirmTemplate(false)}
      />
    </div>
  )
}

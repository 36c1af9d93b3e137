/**
 * Canvases outside a live session (and those of sessions the user may see):
 * last changed first, filtered by whose and by privacy, a page at a time.
 * Each row opens its canvas; "New canvas" makes one, blank or from a
 * template, and opens it. A canvas this tab just made is waited for while
 * the read model catches up, so coming back to the list shows it.
 */
import { A } from "@solidjs/router"
import { createResource, createSignal, For, onCleanup, onMount, Show } from "solid-js"
import { formatDateTime, plural, t } from "../../i18n/i18n.ts"
import { consoleError } from "../errors.ts"
import { createPaged, type Page } from "../paged.ts"
import { api, hasRole, me } from "../store.ts"
import { loadMembers } from "./board-helpers.ts"
import { missingFrom, type CanvasSummary } from "./canvases.ts"
import { NewCanvasDialog } from "./new-canvas-dialog.tsx"

type Whose = "all" | "mine"
type Privacy = "" | "private" | "shared"

const CATCH_UP_TRIES = 6

const CanvasRow = (props: { readonly canvas: CanvasSummary; readonly ownerName: (id: string) => string | undefined }) => {
  const c = () => props.canvas
  const mine = () => c().ownerId === me()
  const sharedWith = () => c().members.filter((m) => m.userId !== c().ownerId).length
  return (
    <li class="item canvas-row">
      <div class="item-main">
        <A class="canvas-row-link" href={`/canvases/${c().id}`}>
          <strong dir="auto">{c().title || t("canvas.untitled")}</strong>
        </A>
        <span class="muted small">
          {t("console.canvases.rowMeta", {
            elements: t(plural(c().elementCount, "console.canvases.elements.one", "console.canvases.elements.other"), { count: c().elementCount }),
            date: formatDateTime(Date.parse(c().updatedAt)),
          })}
          <Show when={!mine()}>
            {" · "}
            {props.ownerName(c().ownerId)
              ? t("console.canvases.ownedBy", { name: props.ownerName(c().ownerId)! })
              : t("console.canvases.ownedByOther")}
          </Show>
        </span>
      </div>
      <div class="row canvas-row-chips">
        <Show when={c().sessionId}>
          <span class="chip">{t("console.canvases.fromSession")}</span>
        </Show>
        <Show
          when={c().privacy === "shared"}
          fallback={
            <span class="chip chip-private">
              <span aria-hidden="true">●</span> {t("console.canvases.private")}
            </span>
          }
        >
          <span class="chip chip-ok">
            <span aria-hidden="true">◆</span>{" "}
            {sharedWith() > 0
              ? t(plural(sharedWith(), "console.canvases.sharedWith.one", "console.canvases.sharedWith.other"), { count: sharedWith() })
              : t("console.canvases.shared")}
          </span>
        </Show>
      </div>
    </li>
  )
}

export const CanvasesPage = () => {
  const [whose, setWhose] = createSignal<Whose>("all")
  const [privacy, setPrivacy] = createSignal<Privacy>("")
  const [creating, setCreating] = createSignal(false)
  const filtered = () => whose() !== "all" || privacy() !== ""

  const list = createPaged<CanvasSummary>((cursor) =>
    api().get<Page<CanvasSummary>>("/api/canvases", {
      query: { owner: whose() === "mine" ? "me" : undefined, privacy: privacy() || undefined, limit: 20, cursor },
    }),
  )

  // Names of other owners, when this user may list the organization's people.
  const [people] = createResource(() => hasRole("facilitator") || hasRole("admin"), loadMembers)
  const ownerName = (id: string) => people()?.find((p) => p.id === id)?.name

  let timer: ReturnType<typeof setTimeout> | undefined
  let tries = 0
  const [catchingUp, setCatchingUp] = createSignal(false)
  const load = async () => {
    await list.reload()
    // A canvas made a moment ago may not be in the read model yet: look again shortly, a few times.
    const waiting = !filtered() && !list.error() && missingFrom(list.items().map((c) => c.id)).length > 0 && tries++ < CATCH_UP_TRIES
    setCatchingUp(waiting)
    if (waiting) timer = setTimeout(() => void load(), 500 * tries)
  }
  const refilter = () => {
    clearTimeout(timer)
    tries = CATCH_UP_TRIES
    setCatchingUp(false)
    void list.reload()
  }
  onMount(() => void load())
  onCleanup(() => clearTimeout(timer))

  return (
    <div class="page stack-l">
      <div class="row between">
        <div>
          <h1>{t("console.canvases.title")}</h1>
          <p class="muted">{t("console.canvases.intro")}</p>
        </div>
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
          <span aria-hidden="true">+</span> {t("console.canvases.new")}
        </button>
      </div>

      <section class="panel stack" aria-labelledby="canvas-list-title">
        <h2 id="canvas-list-title" class="visually-hidden">
          {t("console.canvases.listTitle")}
        </h2>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="canvas-whose">{t("console.canvases.whose")}</label>
            <select
              id="canvas-whose"
              value={whose()}
              onChange={(e) => {
                setWhose(e.currentTarget.value as Whose)
                refilter()
              }}
            >
              <option value="all">{t("console.canvases.whoseAll")}</option>
              <option value="mine">{t("console.canvases.whoseMine")}</option>
            </select>
          </div>
          <div class="field">
            <label for="canvas-privacy">{t("console.canvases.privacy")}</label>
            <select
              id="canvas-privacy"
              value={privacy()}
              onChange={(e) => {
                setPrivacy(e.currentTarget.value as Privacy)
                refilter()
              }}
            >
              <option value="">{t("console.canvases.privacyAny")}</option>
              <option value="private">{t("console.canvases.private")}</option>
              <option value="shared">{t("console.canvases.shared")}</option>
            </select>
          </div>
        </form>

        <Show when={list.error()}>
          <div class="alert" role="alert">
            {consoleError(list.error())}{" "}
            <button type="button" class="btn btn-quiet" onClick={() => void list.reload()}>
              {t("action.retry")}
            </button>
          </div>
        </Show>
        <Show when={list.loaded() && list.items().length === 0 && !list.error() && !catchingUp()}>
          <Show when={!filtered()} fallback={<p class="empty">{t("console.canvases.noneMatch")}</p>}>
            <div class="empty stack canvas-empty">
              <p>{t("console.canvases.empty")}</p>
              <div>
                <button type="button" class="btn" onClick={() => setCreating(true)}>
                  {t("console.canvases.createFirst")}
                </button>
              </div>
            </div>
          </Show>
        </Show>
        <Show when={list.items().length > 0}>
          <ul class="item-list">
            <For each={list.items()}>{(canvas) => <CanvasRow canvas={canvas} ownerName={ownerName} />}</For>
          </ul>
        </Show>
        <Show when={list.hasMore()}>
          <div>
            <button type="button" class="btn" disabled={list.loading()} onClick={() => void list.loadMore()}>
              {t("console.list.more")}
            </button>
          </div>
        </Show>
        <Show when={(list.loading() && !list.loaded()) || (catchingUp() && list.items().length === 0)}>
          <p class="muted" role="status">
            {t("console.list.loading")}
          </p>
        </Show>
      </section>

      <NewCanvasDialog open={creating()} onClose={() => setCreating(false)} />
    </div>
  )
}

/**
 * One canvas, full width: a back link to the list and the canvas board
 * (every tool and panel is the board's). The board is given the
 * organization's people for names and sharing when this user may list them,
 * and the library cards their licence covers. A JSON import opens the new
 * canvas here.
 */
import { A, useNavigate, useParams } from "@solidjs/router"
import { createResource, createSignal, Show } from "solid-js"
import { LazyCanvasBoard } from "../../canvas/lazy.tsx"
import { canvasUser } from "../../canvas/session-canvas.ts"
import { locale, t } from "../../i18n/i18n.ts"
import { api, currentSession, hasRole, live, me } from "../store.ts"
import { loadLibraryCards, loadMembers } from "./board-helpers.ts"
import { CANVAS_ID, rememberCreated } from "./canvases.ts"

export const CanvasPage = () => {
  const params = useParams<{ id: string }>()
  const navigate = useNavigate()
  const [people] = createResource(() => hasRole("facilitator") || hasRole("admin"), loadMembers)
  // Built-in decks read in the UI's language: asked again when it changes.
  // Reading the library records an opening of its licensed cards: only once the board needs faces.
  const [cardsWanted, setCardsWanted] = createSignal(false)
  const [cards] = createResource(
    () => cardsWanted() && locale(),
    () => loadLibraryCards().catch(() => []),
  )

  const nameOf = (userId: string): string => {
    const known = people()?.find((p) => p.id === userId)
    if (known) return known.name
    if (userId === me()) return currentSession()?.user.name ?? currentSession()?.user.email ?? t("console.canvases.you")
    return t("console.canvases.someone")
  }
  const members = () => (people() ?? []).filter((p) => p.status === "active" && p.id !== me()).map((p) => ({ userId: p.id, name: p.name }))
  const imported = (addr: string) => {
    const id = addr.slice("canvas/".length)
    rememberCreated(id)
    navigate(`/canvases/${id}`)
  }

  return (
    <div class="canvas-page">
      <div class="canvas-page-head">
        <A class="btn btn-quiet btn-small" href="/canvases">
          <span aria-hidden="true" class="back-arrow">
            ←
          </span>{" "}
          {t("console.canvases.back")}
        </A>
        <h1 class="visually-hidden">{t("console.canvases.canvasHeading")}</h1>
      </div>
      <Show
        when={currentSession() && CANVAS_ID.test(params.id) && params.id}
        keyed
        fallback={
          <p class="alert" role="alert">
            {t("canvas.missing")}
          </p>
        }
      >
        {(id) => (
          <div class="canvas-page-board">
            <LazyCanvasBoard
              api={api()}
              live={live()}
              user={canvasUser(currentSession()!.user)}
              addr={`canvas/${id}`}
              nameOf={nameOf}
              members={members}
              cards={() => cards() ?? []}
              wantCards={() => setCardsWanted(true)}
              imported={imported}
            />
          </div>
        )}
      </Show>
    </div>
  )
}

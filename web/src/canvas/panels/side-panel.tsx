/** The panel beside the canvas: one of people, library, templates, comments, sharing, versions, export. */
import { Match, Switch } from "solid-js"
import { t, type MessageKey } from "../../i18n/i18n.ts"
import type { BoardContext } from "../board.tsx"
import type { Peer } from "../presence.ts"
import { CommentsPanel } from "./comments-panel.tsx"
import { ExportPanel } from "./export-panel.tsx"
import { LibraryPanel } from "./library-panel.tsx"
import { PeoplePanel } from "./people-panel.tsx"
import { SharePanel } from "./share-panel.tsx"
import { TemplatesPanel } from "./templates-panel.tsx"
import { VersionsPanel } from "./versions-panel.tsx"

export type PanelName = "people" | "library" | "templates" | "comments" | "share" | "versions" | "export"

export interface SidePanelProps {
  readonly name: PanelName
  readonly context: BoardContext
  close(): void
  readonly peers: readonly Peer[]
  readonly following: string | undefined
  follow(userId: string): void
  readonly bringEveryone: (() => void) | undefined
  readonly showCursors: boolean
  setShowCursors(on: boolean): void
}

const TITLES: Readonly<Record<PanelName, MessageKey>> = {
  people: "canvas.panel.peopleTitle",
  library: "canvas.panel.library",
  templates: "canvas.panel.templates",
  comments: "canvas.panel.comments",
  share: "canvas.panel.share",
  versions: "canvas.panel.versions",
  export: "canvas.panel.export",
}

export const SidePanel = (props: SidePanelProps) => (
  <aside class="board-panel" aria-labelledby="board-panel-title">
    <header class="board-panel-head">
      <h3 id="board-panel-title">{t(TITLES[props.name])}</h3>
      <button type="button" class="btn btn-small" onClick={() => props.close()} aria-label={t("action.close")}>
        ×
      </button>
    </header>
    <div class="board-panel-body">
      <Switch>
        <Match when={props.name === "people"}>
          <PeoplePanel {...props} />
        </Match>
        <Match when={props.name === "library"}>
          <LibraryPanel context={props.context} />
        </Match>
        <Match when={props.name === "templates"}>
          <TemplatesPanel context={props.context} />
        </Match>
        <Match when={props.name === "comments"}>
          <CommentsPanel context={props.context} />
        </Match>
        <Match when={props.name === "share"}>
          <SharePanel context={props.context} />
        </Match>
        <Match when={props.name === "versions"}>
          <VersionsPanel context={props.context} />
        </Match>
        <Match when={props.name === "export"}>
          <ExportPanel context={props.context} />
        </Match>
      </Switch>
    </div>
  </aside>
)

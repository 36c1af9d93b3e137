/**
 * The live room's side column as tabs (the WAI-ARIA tabs pattern), so each
 * panel gets the column's whole height instead of a share of it at
 * 1366x768. Arrow keys move between tabs (mirrored in right-to-left
 * layouts, where the next tab sits to the left), Home and End jump to the
 * ends, and the selection follows focus: showing a panel costs nothing,
 * because every panel stays mounted and only its visibility changes. That
 * is also what keeps the insights stream and the suggestions running while
 * their tab is not shown, so a tab can say it has something new.
 *
 * A tab's badge counts what its panel shows now that the facilitator has
 * not seen: each panel reports the keys of what it shows (insight ids,
 * raised hands, suggested cards); keys shown while the tab is selected
 * count as seen, and a key that goes away and comes back (a hand lowered
 * and raised again) is new again.
 *
 * The selected tab is remembered per live session for this browser tab
 * (sessionStorage), so a reload keeps it and another session starts on
 * the first tab.
 */
import { createEffect, createSignal, For, type Accessor, type JSX } from "solid-js"
import { formatNumber, plural, t } from "../../i18n/i18n.ts"

export interface SideTab {
  readonly id: string
  readonly label: string
  /** Keys of what the panel shows now; those not yet seen badge the tab. */
  readonly news: Accessor<readonly string[]>
  readonly panel: JSX.Element
}

const storageKey = (sessionId: string) => `studio.room.tab.${sessionId}`

const remembered = (sessionId: string): string | null => {
  try {
    return sessionStorage.getItem(storageKey(sessionId))
  } catch {
    return null // storage disabled: the first tab, every time
  }
}

const remember = (sessionId: string, tabId: string): void => {
  try {
    sessionStorage.setItem(storageKey(sessionId), tabId)
  } catch {
    // storage disabled or full: the choice lasts until the page is left
  }
}

export const SideTabs = (props: { readonly sessionId: string; readonly tabs: readonly SideTab[] }) => {
  const [chosen, setChosen] = createSignal(remembered(props.sessionId))
  // A remembered tab that is not offered now (its panel is for facilitators only) falls back to the first.
  const selected = () => props.tabs.find((tab) => tab.id === chosen())?.id ?? props.tabs[0]?.id
  const [seen, setSeen] = createSignal<ReadonlyMap<string, ReadonlySet<string>>>(new Map())

  createEffect(() => {
    const current = selected()
    const updates = props.tabs.map((tab) => [tab.id, tab.news(), tab.id === current] as const)
    setSeen((before) => {
      const after = new Map(before)
      for (const [id, keys, shown] of updates) {
        const earlier = before.get(id) ?? new Set<string>()
        after.set(id, new Set(shown ? keys : keys.filter((key) => earlier.has(key))))
      }
      return after
    })
  })
  const unseen = (tab: SideTab) => tab.news().filter((key) => !seen().get(tab.id)?.has(key)).length

  const select = (id: string, focus: boolean) => {
    setChosen(id)
    remember(props.sessionId, id)
    if (focus) document.getElementById(tabElementId(id))?.focus()
  }

  const onKeyDown = (event: KeyboardEvent & { currentTarget: HTMLElement }) => {
    const ids = props.tabs.map((tab) => tab.id)
    const at = ids.indexOf(selected() ?? "")
    const rtl = getComputedStyle(event.currentTarget).direction === "rtl"
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key]
    let next: number | undefined
    if (step !== undefined) next = (at + step + ids.length) % ids.length
    else if (event.key === "Home") next = 0
    else if (event.key === "End") next = ids.length - 1
    if (next === undefined) return
    event.preventDefault()
    select(ids[next]!, true)
  }

  return (
    <div class="side-tabs">
      <div class="side-tablist" role="tablist" aria-label={t("console.side.label")} onKeyDown={onKeyDown}>
        <For each={props.tabs}>
          {(tab) => (
            <button
              type="button"
              role="tab"
              class="side-tab"
              id={tabElementId(tab.id)}
              aria-controls={panelElementId(tab.id)}
              aria-selected={selected() === tab.id}
              tabIndex={selected() === tab.id ? 0 : -1}
              data-tab={tab.id}
              onClick={() => select(tab.id, false)}
            >
              <span class="side-tab-label">
                {tab.label}
                {unseen(tab) > 0 && selected() !== tab.id ? (
                  <span class="side-tab-badge" data-testid={`badge-${tab.id}`}>
                    <span aria-hidden="true">{unseen(tab) > 9 ? `${formatNumber(9)}+` : formatNumber(unseen(tab))}</span>
                    <span class="visually-hidden">
                      {t(plural(unseen(tab), "console.side.new.one", "console.side.new.other"), { count: formatNumber(unseen(tab)) })}
                    </span>
                  </span>
                ) : null}
              </span>
            </button>
          )}
        </For>
      </div>
      <For each={props.tabs}>
        {(tab) => (
          <div
            class="side-panel"
            role="tabpanel"
            id={panelElementId(tab.id)}
            aria-labelledby={tabElementId(tab.id)}
            tabIndex={0}
            hidden={selected() !== tab.id}
          >
            {tab.panel}
          </div>
        )}
      </For>
    </div>
  )
}

const tabElementId = (id: string) => `room-tab-${id}`
const panelElementId = (id: string) => `room-panel-${id}`

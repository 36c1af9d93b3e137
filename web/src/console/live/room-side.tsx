/**
 * The live room's side column: people, insights and suggested cards, one
 * tab each (side-tabs.tsx). Everyone who opens the room sees People;
 * Insights and Suggestions are for those running the session (the lead
 * and co-facilitators), Suggestions only while it is open, Coach (the
 * copilot: questions for the room, the session's summary) open or ended.
 */
import { createMemo, createSignal } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { CoachTab } from "./coach-tab.tsx"
import { InsightsPanel } from "./insights-panel.tsx"
import { PeoplePanel } from "./people-panel.tsx"
import { useRoom } from "./room-context.ts"
import { SideTabs, type SideTab } from "./side-tabs.tsx"
import { SuggestedCards } from "./suggested-cards.tsx"

export const RoomSide = () => {
  const room = useRoom()
  const runs = () => room.lead() || room.state().coFacilitators.some((co) => co.userId === room.me)
  const [insightNews, setInsightNews] = createSignal<readonly string[]>([])
  const [suggestionNews, setSuggestionNews] = createSignal<readonly string[]>([])
  const [coachNews, setCoachNews] = createSignal<readonly string[]>([])
  // Each tab and its panel is made once, so a panel keeps its state (and its live stream) while other tabs are shown.
  const people: SideTab = {
    id: "people",
    get label() {
      return t("console.people.label")
    },
    news: () => room.state().hands.map((userId) => `hand:${userId}`),
    panel: <PeoplePanel />,
  }
  const insights: SideTab = {
    id: "insights",
    get label() {
      return t("insights.title")
    },
    news: insightNews,
    panel: <InsightsPanel onNews={setInsightNews} />,
  }
  const suggestions: SideTab = {
    id: "suggestions",
    get label() {
      return t("console.side.suggestions")
    },
    news: suggestionNews,
    panel: <SuggestedCards onNews={setSuggestionNews} />,
  }
  const coach: SideTab = {
    id: "coach",
    get label() {
      return t("copilot.tab")
    },
    news: coachNews,
    panel: <CoachTab onNews={setCoachNews} />,
  }
  const tabs = createMemo(() => [
    people,
    ...(runs() ? [insights] : []),
    ...(runs() && room.state().status === "open" ? [suggestions] : []),
    ...(runs() ? [coach] : []),
  ])
  return <SideTabs sessionId={room.sessionId} tabs={tabs()} />
}

/** The participant app (phones first): join by code, then the live session. */
import { Route, Router } from "@solidjs/router"
import { lazy } from "solid-js"
import { render } from "solid-js/web"
import { preferredLocale, setLocale, useMessages } from "../i18n/i18n.ts"
import { canvas } from "../i18n/messages/en/canvas.ts"
import { coach } from "../i18n/messages/en/coach.ts"
import { insights } from "../i18n/messages/en/insights.ts"
import { journal } from "../i18n/messages/en/journal.ts"
import { participant } from "../i18n/messages/en/participant.ts"
import "../ui/theme.css"
import { Toasts } from "../ui/Toasts.tsx"
import { JoinPage } from "./join-page.tsx"
import "./participant.css"
import { SessionPage } from "./session-page.tsx"
import { participantApi } from "./store.ts"

const CoachPage = lazy(() =>
  import("../coach/coach-page.tsx").then((m) => ({ default: () => <m.CoachPage api={participantApi()} signIn="/join" /> })),
)

useMessages({ participant, canvas, journal, coach, insights })

void setLocale(preferredLocale()).finally(() =>
  render(
    () => (
      <>
        <Router>
          <Route path="/join" component={JoinPage} />
          <Route path="/j/:code" component={JoinPage} />
          <Route path="/join/session" component={SessionPage} />
          <Route path="/join/coach" component={CoachPage} />
        </Router>
        <Toasts />
      </>
    ),
    document.getElementById("app")!,
  ),
)

/**
 * The facilitator console, served at `/`: sign in, home, the live room, the
 * recap, the card library, the journey builder, the canvases and the
 * organization's admin pages. Everything past home loads on demand, so the
 * first paint carries only what sign-in and home need.
 */
import { Route, Router } from "@solidjs/router"
import { lazy } from "solid-js"
import { render } from "solid-js/web"
import { preferredLocale, setLocale, useMessages } from "../i18n/i18n.ts"
import { canvas } from "../i18n/messages/en/canvas.ts"
import { coach } from "../i18n/messages/en/coach.ts"
import { insights } from "../i18n/messages/en/insights.ts"
import { console_ } from "../i18n/messages/en/console.ts"
import { journal } from "../i18n/messages/en/journal.ts"
import { participant } from "../i18n/messages/en/participant.ts"
import "../ui/theme.css"
import "./console.css"
import { HomePage } from "./home-page.tsx"
import { NotFoundPage } from "./not-found-page.tsx"
import { Shell } from "./shell.tsx"
import { SignInPage } from "./signin-page.tsx"
import { api } from "./store.ts"

const RoomPage = lazy(() => import("./live/room-page.tsx").then((m) => ({ default: m.RoomPage })))
const RecapPage = lazy(() => import("./recap-page.tsx").then((m) => ({ default: m.RecapPage })))
const LibraryPage = lazy(() => import("./library/library-page.tsx").then((m) => ({ default: m.LibraryPage })))
const JourneyPage = lazy(() => import("./journey/journey-page.tsx").then((m) => ({ default: m.JourneyPage })))
const CanvasesPage = lazy(() => import("./canvases/canvases-page.tsx").then((m) => ({ default: m.CanvasesPage })))
const CanvasPage = lazy(() => import("./canvases/canvas-page.tsx").then((m) => ({ default: m.CanvasPage })))
const CoachPage = lazy(() => import("../coach/coach-page.tsx").then((m) => ({ default: () => <m.CoachPage api={api()} libraryHref="/library" /> })))
const AdminPage = lazy(() => import("./admin/admin-page.tsx").then((m) => ({ default: m.AdminPage })))

useMessages({ console: console_, participant, canvas, journal, coach, insights })

void setLocale(preferredLocale()).finally(() =>
  render(
    () => (
      <Router root={Shell}>
        <Route path="/signin" component={SignInPage} />
        <Route path="/" component={HomePage} />
        <Route path="/sessions/:id" component={RoomPage} />
        <Route path="/sessions/:id/recap" component={RecapPage} />
        <Route path="/library" component={LibraryPage} />
        <Route path="/journeys/:id" component={JourneyPage} />
        <Route path="/canvases" component={CanvasesPage} />
        <Route path="/canvases/:id" component={CanvasPage} />
        <Route path="/admin/:section?" component={AdminPage} />
        <Route path="/coach" component={CoachPage} />
        <Route path="*" component={NotFoundPage} />
      </Router>
    ),
    document.getElementById("app")!,
  ),
)

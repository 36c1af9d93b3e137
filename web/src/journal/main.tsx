/** The journal app at /journal: the writer's private journal, installable and usable with no network. */
import { render } from "solid-js/web"
import { preferredLocale, setLocale, useMessages } from "../i18n/i18n.ts"
import { console_ } from "../i18n/messages/en/console.ts"
import { journal } from "../i18n/messages/en/journal.ts"
import "../ui/theme.css"
import { JournalApp } from "./app.tsx"
import "./journal.css"
import { registerJournalWorker } from "./service-worker.ts"

registerJournalWorker()
// The sign-in form speaks the console's words.
useMessages({ journal, console: console_ })

void setLocale(preferredLocale()).finally(() => render(() => <JournalApp />, document.getElementById("app")!))

/** The journal app at /journal: the writer's private journal, installable and usable with no network. */
import { render } from "solid-js/web"
import { preferredLocale, setLocale } from "../i18n/i18n.ts"
import "../ui/theme.css"
import { JournalApp } from "./app.tsx"
import "./journal.css"
import { registerJournalWorker } from "./service-worker.ts"

registerJournalWorker()
void setLocale(preferredLocale()).finally(() => render(() => <JournalApp />, document.getElementById("app")!))

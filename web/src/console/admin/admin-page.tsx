/**
 * The organization's admin pages at /admin/<section>: people and their
 * roles, invitations, the audit trail, and licence usage, each a plain
 * table with filters. Only admins see them (the API refuses others too).
 */
import { A, useNavigate, useParams } from "@solidjs/router"
import { Match, onMount, Show, Switch } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { api, hasRole } from "../store.ts"
import { CoachUsageSection } from "../../coach/usage-section.tsx"
import { AuditSection } from "./audit-section.tsx"
import { InvitationsSection } from "./invitations-section.tsx"
import { LicenceSection } from "./licence-section.tsx"
import { UsersSection } from "./users-section.tsx"

export const AdminPage = () => {
  const params = useParams<{ section?: string }>()
  const navigate = useNavigate()
  const section = () => params.section ?? "users"
  onMount(() => {
    if (!params.section) navigate("/admin/users", { replace: true })
  })
  return (
    <div class="page stack-l">
      <h1>{t("console.admin.title")}</h1>
      <Show
        when={hasRole("admin")}
        fallback={
          <p class="alert" role="alert">
            {t("console.admin.onlyAdmins")}
          </p>
        }
      >
        <nav aria-label={t("console.admin.sections")}>
          <ul class="tabs">
            <li>
              <A href="/admin/users">{t("console.admin.users")}</A>
            </li>
            <li>
              <A href="/admin/invitations">{t("console.admin.invitations")}</A>
            </li>
            <li>
              <A href="/admin/audit">{t("console.admin.audit")}</A>
            </li>
            <li>
              <A href="/admin/licence">{t("console.admin.licence")}</A>
            </li>
            <li>
              <A href="/admin/coach">{t("coach.admin")}</A>
            </li>
          </ul>
        </nav>
        <Switch fallback={<UsersSection />}>
          <Match when={section() === "invitations"}>
            <InvitationsSection />
          </Match>
          <Match when={section() === "audit"}>
            <AuditSection />
          </Match>
          <Match when={section() === "licence"}>
            <LicenceSection />
          </Match>
          <Match when={section() === "coach"}>
            <CoachUsageSection api={api()} />
          </Match>
        </Switch>
      </Show>
    </div>
  )
}

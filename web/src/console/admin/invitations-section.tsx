/** Invitations: invite someone by email with roles (the code is shown once, to hand over), filter by status, revoke. */
import { createResource, createSignal, For, Show } from "solid-js"
import { formatDateTime, t } from "../../i18n/i18n.ts"
import { Field } from "../../ui/Field.tsx"
import { showToast } from "../../ui/Toasts.tsx"
import { consoleError } from "../errors.ts"
import { api } from "../store.ts"
import { ROLES, roleWord } from "./roles.ts"

interface Invitation {
  readonly id: string
  readonly email: string
  readonly roles: readonly string[]
  readonly expiresAt: number
  readonly by: string
  readonly status: "pending" | "accepted" | "revoked"
}

const STATUS = { pending: "console.invitations.pending", accepted: "console.invitations.accepted", revoked: "console.invitations.revoked" } as const

export const InvitationsSection = () => {
  const [invitations, { refetch }] = createResource(async () => (await api().get<{ invitations: Invitation[] }>("/api/invitations")).invitations)
  const [email, setEmail] = createSignal("")
  const [roles, setRoles] = createSignal<ReadonlySet<string>>(new Set(["participant"]))
  const [status, setStatus] = createSignal<"" | Invitation["status"]>("")
  const [created, setCreated] = createSignal<{ email: string; code: string; expiresAt: number }>()
  const [error, setError] = createSignal<string>()

  const invite = async (event: SubmitEvent) => {
    event.preventDefault()
    setError(undefined)
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email().trim())) return setError(t("console.invitations.badEmail"))
    if (roles().size === 0) return setError(t("console.users.oneRole"))
    try {
      const made = await api().post<{ id: string; code: string; expiresAt: number }>("/api/invitations", {
        email: email().trim(),
        roles: ROLES.filter((r) => roles().has(r)),
      })
      setCreated({ email: email().trim(), code: made.code, expiresAt: made.expiresAt })
      setEmail("")
      void refetch()
    } catch (failure) {
      setError(consoleError(failure))
    }
  }

  const revoke = async (invitation: Invitation) => {
    try {
      await api().delete(`/api/invitations/${encodeURIComponent(invitation.id)}`)
      showToast(t("console.invitations.revokedToast", { email: invitation.email }))
      void refetch()
    } catch (failure) {
      showToast(consoleError(failure))
    }
  }

  const shown = () => (invitations() ?? []).filter((i) => !status() || i.status === status())

  return (
    <section class="panel stack" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("console.admin.invitations")}</h2>
      <form class="stack invite-form" onSubmit={invite} novalidate>
        <div class="filters">
          <div class="grow invite-email">
            <Field
              label={t("console.invitations.email")}
              type="email"
              value={email()}
              error={error()}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </div>
          <fieldset class="choice inline-choice">
            <legend>{t("console.users.roles")}</legend>
            <For each={ROLES}>
              {(role) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={roles().has(role)}
                    onChange={(e) =>
                      setRoles((set) => (e.currentTarget.checked ? new Set([...set, role]) : new Set([...set].filter((r) => r !== role))))
                    }
                  />
                  {roleWord(role)}
                </label>
              )}
            </For>
          </fieldset>
          <button type="submit" class="btn btn-primary">
            {t("console.invitations.send")}
          </button>
        </div>
      </form>
      <Show when={created()}>
        {(made) => (
          <div class="panel stack invite-code" role="status">
            <p>{t("console.invitations.created", { email: made().email, date: formatDateTime(made().expiresAt) })}</p>
            <p class="join-code">{made().code}</p>
            <p class="muted small">{t("console.invitations.codeOnce")}</p>
          </div>
        )}
      </Show>
      <div class="filters">
        <div class="field">
          <label for="inv-status">{t("console.users.status")}</label>
          <select id="inv-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value as "" | Invitation["status"])}>
            <option value="">{t("console.invitations.anyStatus")}</option>
            <option value="pending">{t(STATUS.pending)}</option>
            <option value="accepted">{t(STATUS.accepted)}</option>
            <option value="revoked">{t(STATUS.revoked)}</option>
          </select>
        </div>
      </div>
      <Show when={invitations.error}>
        <div class="alert" role="alert">
          {consoleError(invitations.error)}
        </div>
      </Show>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t("console.signIn.email")}</th>
              <th scope="col">{t("console.users.roles")}</th>
              <th scope="col">{t("console.users.status")}</th>
              <th scope="col">{t("console.invitations.expires")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("console.users.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For
              each={shown()}
              fallback={
                <tr>
                  <td colSpan={5} class="muted">
                    {invitations.loading ? t("console.list.loading") : t("console.invitations.none")}
                  </td>
                </tr>
              }
            >
              {(inv) => (
                <tr>
                  <td>{inv.email}</td>
                  <td>{inv.roles.map(roleWord).join(", ")}</td>
                  <td>{t(STATUS[inv.status])}</td>
                  <td>{formatDateTime(inv.expiresAt)}</td>
                  <td>
                    <Show when={inv.status === "pending"}>
                      <button
                        type="button"
                        class="btn btn-small btn-danger"
                        aria-label={t("console.invitations.revokeOf", { email: inv.email })}
                        onClick={() => void revoke(inv)}
                      >
                        {t("console.invitations.revoke")}
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** Members of the organization: filter by name, email or role; change someone's roles. */
import { createMemo, createResource, createSignal, For, Show } from "solid-js"
import { formatNumber, t } from "../../i18n/i18n.ts"
import { showToast } from "../../ui/Toasts.tsx"
import { Dialog } from "../dialog.tsx"
import { consoleError } from "../errors.ts"
import { api, me } from "../store.ts"
import { ROLES, roleWord, type Role } from "./roles.ts"

interface Member {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly roles: readonly string[]
  readonly status: "active" | "disabled"
}

const RolesDialog = (props: { readonly member: Member | undefined; readonly onClose: () => void; readonly onSaved: () => void }) => {
  const [roles, setRoles] = createSignal<ReadonlySet<string>>(new Set())
  const [saving, setSaving] = createSignal(false)
  createMemo(() => props.member && setRoles(new Set(props.member.roles)))
  const save = async (event: SubmitEvent) => {
    event.preventDefault()
    if (!props.member || roles().size === 0) return
    setSaving(true)
    try {
      await api().patch(`/api/users/${encodeURIComponent(props.member.id)}`, { roles: ROLES.filter((r) => roles().has(r)) })
      showToast(t("console.users.saved", { name: props.member.name }))
      props.onSaved()
      props.onClose()
    } catch (failure) {
      showToast(t("console.users.saveFailed", { reason: consoleError(failure) }))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Dialog open={props.member !== undefined} title={t("console.users.rolesOf", { name: props.member?.name ?? "" })} onClose={props.onClose}>
      <form class="stack" onSubmit={save}>
        <fieldset class="choice">
          <legend>{t("console.users.roles")}</legend>
          <For each={ROLES}>
            {(role) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={roles().has(role)}
                  disabled={role === "admin" && props.member?.id === me()}
                  onChange={(e) =>
                    setRoles((set) => (e.currentTarget.checked ? new Set([...set, role]) : new Set([...set].filter((r) => r !== role))))
                  }
                />
                {roleWord(role)}
              </label>
            )}
          </For>
        </fieldset>
        <Show when={props.member?.id === me()}>
          <p class="muted small">{t("console.users.notOwnAdmin")}</p>
        </Show>
        <Show when={roles().size === 0}>
          <p class="alert" role="alert">
            {t("console.users.oneRole")}
          </p>
        </Show>
        <div class="row end">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={saving() || roles().size === 0}>
            {t("console.users.save")}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

export const UsersSection = () => {
  const [members, { refetch }] = createResource(async () => (await api().get<{ members: Member[] }>("/api/users")).members)
  const [text, setText] = createSignal("")
  const [role, setRole] = createSignal<Role | "">("")
  const [editing, setEditing] = createSignal<Member>()
  const shown = () =>
    (members() ?? []).filter((m) => {
      const q = text().trim().toLowerCase()
      return (!q || m.name.toLowerCase().includes(q) || m.email.toLowerCase().includes(q)) && (!role() || m.roles.includes(role()))
    })
  return (
    <section class="panel stack" aria-labelledby="users-title">
      <h2 id="users-title">{t("console.admin.users")}</h2>
      <div class="filters" role="search">
        <div class="field grow">
          <label for="users-text">{t("console.users.search")}</label>
          <input id="users-text" type="search" value={text()} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="users-role">{t("console.users.role")}</label>
          <select id="users-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as Role | "")}>
            <option value="">{t("console.users.anyRole")}</option>
            <For each={ROLES}>{(r) => <option value={r}>{roleWord(r)}</option>}</For>
          </select>
        </div>
      </div>
      <Show when={members.error}>
        <div class="alert" role="alert">
          {consoleError(members.error)}
        </div>
      </Show>
      <p class="muted small" role="status">
        {t("console.users.count", { shown: formatNumber(shown().length), total: formatNumber(members()?.length ?? 0) })}
      </p>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t("console.recap.name")}</th>
              <th scope="col">{t("console.signIn.email")}</th>
              <th scope="col">{t("console.users.roles")}</th>
              <th scope="col">{t("console.users.status")}</th>
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
                    {members.loading ? t("console.list.loading") : t("console.users.none")}
                  </td>
                </tr>
              }
            >
              {(m) => (
                <tr>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>{m.roles.map(roleWord).join(", ")}</td>
                  <td>{m.status === "active" ? t("console.users.active") : t("console.users.disabled")}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small"
                      aria-label={t("console.users.changeOf", { name: m.name })}
                      onClick={() => setEditing(m)}
                    >
                      {t("console.users.change")}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <RolesDialog member={editing()} onClose={() => setEditing(undefined)} onSaved={() => void refetch()} />
    </section>
  )
}

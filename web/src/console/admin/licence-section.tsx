/** The licence: tier and packs, and cards drawn, picked and opened per deck between two dates (for licence and royalty reports). */
import { createResource, createSignal, For, Show } from "solid-js"
import { formatNumber, t } from "../../i18n/i18n.ts"
import type { DeckList } from "../api-types.ts"
import { consoleError } from "../errors.ts"
import { tierWord } from "../library/tier-words.ts"
import { api } from "../store.ts"

interface Usage {
  readonly from: string
  readonly to: string | null
  readonly complete: boolean
  readonly decks: readonly {
    readonly deckId: string
    readonly packId: string | null
    readonly tier: string
    readonly drawn: number
    readonly picked: number
    readonly viewed: number
  }[]
}

const isoOf = (date: string, end: boolean) => (date ? new Date(`${date}T${end ? "23:59:59.999" : "00:00:00"}`).toISOString() : undefined)

export const LicenceSection = () => {
  const [licence] = createResource(() => api().get<{ tier: string; packs: readonly string[] }>("/api/licence"))
  const [decks] = createResource(() => api().get<DeckList>("/api/decks"))
  const [from, setFrom] = createSignal("")
  const [to, setTo] = createSignal("")
  const [range, setRange] = createSignal<{ from?: string; to?: string }>({})
  const [usage] = createResource(range, (r) => api().get<Usage>("/api/licence/usage", { query: r }))
  const deckTitle = (deckId: string) => decks()?.decks.find((d) => d.deckId === deckId)?.title ?? deckId

  return (
    <section class="panel stack" aria-labelledby="licence-title">
      <h2 id="licence-title">{t("console.admin.licence")}</h2>
      <Show when={licence()}>
        {(l) => (
          <p>
            {t("console.library.licence", { tier: tierWord(l().tier) })}{" "}
            {l().packs.length > 0 ? t("console.library.packs", { packs: l().packs.join(", ") }) : t("console.licence.noPacks")}
          </p>
        )}
      </Show>
      <Show when={licence.error}>
        <div class="alert" role="alert">
          {consoleError(licence.error)}
        </div>
      </Show>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault()
          const next: { from?: string; to?: string } = {}
          const f = isoOf(from(), false)
          const tt = isoOf(to(), true)
          if (f) next.from = f
          if (tt) next.to = tt
          setRange(next)
        }}
      >
        <div class="field">
          <label for="usage-from">{t("console.audit.from")}</label>
          <input id="usage-from" type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="usage-to">{t("console.audit.to")}</label>
          <input id="usage-to" type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn">
          {t("console.library.filter")}
        </button>
      </form>
      <Show when={usage.error}>
        <div class="alert" role="alert">
          {consoleError(usage.error)}
        </div>
      </Show>
      <Show when={usage() && !usage()!.complete}>
        <p class="muted small">{t("console.licence.incomplete")}</p>
      </Show>
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">{t("console.licence.usage")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("console.library.deck")}</th>
              <th scope="col">{t("console.licence.tier")}</th>
              <th scope="col">{t("console.licence.drawn")}</th>
              <th scope="col">{t("console.licence.picked")}</th>
              <th scope="col">{t("console.licence.viewed")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={usage()?.decks ?? []}
              fallback={
                <tr>
                  <td colSpan={5} class="muted">
                    {usage.loading ? t("console.list.loading") : t("console.licence.noUsage")}
                  </td>
                </tr>
              }
            >
              {(d) => (
                <tr>
                  <td>{deckTitle(d.deckId)}</td>
                  <td>
                    {tierWord(d.tier)}
                    {d.packId ? ` (${d.packId})` : ""}
                  </td>
                  <td>{formatNumber(d.drawn)}</td>
                  <td>{formatNumber(d.picked)}</td>
                  <td>{formatNumber(d.viewed)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** A poll's results as bars with the count and share written out (never the bar alone). */
import { For } from "solid-js"
import { formatNumber, t } from "../i18n/i18n.ts"

export const Results = (props: { readonly options: readonly string[]; readonly tally: readonly number[] }) => {
  const total = () => props.tally.reduce((sum, n) => sum + n, 0)
  const share = (n: number) => (total() > 0 ? Math.round((100 * n) / total()) : 0)
  return (
    <ul class="results">
      <For each={props.options}>
        {(label, i) => (
          <li class="result-row">
            <span class="result-label">{label}</span>
            <span class="result-bar" aria-hidden="true">
              <span style={{ "inline-size": `${share(props.tally[i()] ?? 0)}%` }} />
            </span>
            <span class="result-count">
              {t("console.poll.count", { count: formatNumber(props.tally[i()] ?? 0), share: formatNumber(share(props.tally[i()] ?? 0)) })}
            </span>
          </li>
        )}
      </For>
    </ul>
  )
}

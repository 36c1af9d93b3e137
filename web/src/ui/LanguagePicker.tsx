/** The language switch every screen carries; the choice is remembered on this device. */
import { createUniqueId, For } from "solid-js"
import { locale, LOCALES, setLocale, t, type Locale } from "../i18n/i18n.ts"

export const LanguagePicker = () => {
  const id = createUniqueId()
  return (
    <div class="row language-picker">
      <label for={id} class="muted">
        {t("language.label")}
      </label>
      <select id={id} value={locale()} onChange={(event) => void setLocale(event.currentTarget.value as Locale)}>
        <For each={LOCALES}>
          {(option) => (
            <option value={option.code} lang={option.code}>
              {option.name}
            </option>
          )}
        </For>
      </select>
    </div>
  )
}

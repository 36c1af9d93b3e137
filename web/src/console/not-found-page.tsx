/** A path the console does not know: say so, and offer the way home. */
import { A } from "@solidjs/router"
import { t } from "../i18n/i18n.ts"

export const NotFoundPage = () => (
  <div class="page">
    <div class="panel stack">
      <h1>{t("console.notFound.title")}</h1>
      <p>{t("console.notFound.body")}</p>
      <A class="btn btn-primary" href="/">
        {t("console.notFound.home")}
      </A>
    </div>
  </div>
)

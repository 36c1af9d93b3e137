/** The coach as a page of its own: in the console at /coach, in the participant app at /join/coach. */
import { Show } from "solid-js"
import type { Api } from "../client/index.ts"
import { t } from "../i18n/i18n.ts"
import { CoachPanel } from "./coach-panel.tsx"

export const CoachPage = (props: { readonly api: Api; readonly libraryHref?: string; readonly signIn?: string }) => (
  <div class="page stack-l coach-page">
    <h1>{t("coach.pageTitle")}</h1>
    <Show
      when={props.api.session() && !props.api.session()!.user.roles.includes("guest")}
      fallback={
        <p class="alert" role="alert">
          {t("coach.forGuests")}{" "}
          <Show when={props.signIn}>
            <a href={props.signIn}>{t("coach.signIn")}</a>
          </Show>
        </p>
      }
    >
      <CoachPanel api={props.api} {...(props.libraryHref ? { libraryHref: props.libraryHref } : {})} />
    </Show>
  </div>
)

/**
 * Sign in with email and password. Errors say what happened in plain words
 * (wrong password, too many tries with the wait counted down, several
 * organizations: choose one); the button stays off while Studio asks us to wait.
 */
import { useNavigate, useSearchParams } from "@solidjs/router"
import { t } from "../i18n/i18n.ts"
import { SignInForm } from "../ui/SignInForm.tsx"
import { api } from "./store.ts"

export const SignInPage = () => {
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const next = (): string => {
    const wanted = typeof search["next"] === "string" ? search["next"] : "/"
    return wanted.startsWith("/") && !wanted.startsWith("//") && !wanted.startsWith("/signin") ? wanted : "/"
  }
  return (
    <div class="signin">
      <SignInForm
        class="signin-form"
        title={t("console.signIn.title")}
        intro={t("console.signIn.intro")}
        signIn={(email, password, tenant) => api().signIn(email, password, tenant)}
        signedIn={() => navigate(next(), { replace: true })}
      />
    </div>
  )
}

/** The API and the live connection wired together: what an app creates once at start. */
import { createApi } from "./api.ts"
import { createLive } from "./live.ts"
import type { Api, ApiOptions, Live, LiveOptions } from "./types.ts"

export interface ClientOptions extends ApiOptions {
  /** Options for the live connection (its `auth` is the API's). */
  readonly live?: Omit<LiveOptions, "auth">
}

export interface Client {
  readonly api: Api
  readonly live: Live
  /** Stops both (tests; an app lives as long as its tab). */
  close(): void
}

/** One API client and one live connection sharing the session; the live side connects whenever there is a token. */
export const createClient = (options: ClientOptions = {}): Client => {
  const api = createApi(options)
  const storage = options.storage
  const live = createLive({ ...(storage ? { storage } : {}), ...(options.now ? { now: options.now } : {}), ...options.live, auth: api.auth })
  return {
    api,
    live,
    close: () => {
      live.close()
      api.dispose()
    },
  }
}

/**
 * The HTTP API client (`Api` in types.ts): sign-in, guest join, tokens kept
 * in storage and refreshed before they expire and on a 401, and JSON calls
 * whose failures are `ApiError`s read from RFC 9457 problem documents
 * (gateway/http/problem.ts). Every request says which language the UI is
 * in (`language`), so the server answers built-in content (sample decks,
 * templates) in it: the browser's own Accept-Language would not follow a
 * switch made in the app.
 */
import { ApiError, toClientCode } from "./errors.ts"
import { readClaims, renewAfterMs } from "./jwt.ts"
import { readJson, toStorage, writeJson } from "./storage.ts"
import type { Api, ApiOptions, LiveAuth, RequestOptions, Session } from "./types.ts"

const SESSION_KEY = "studio.session.v1"
/** A refresh the server could not answer is tried again after this, doubling, up to a minute. */
const REFRESH_RETRY_MS = 2_000
const REFRESH_RETRY_CAP_MS = 60_000

/** The session as kept: with when it arrived, so the refresh is timed by the token's lifetime, not the device clock. */
interface Stored extends Session {
  readonly receivedAt: number
}

const STATUS_CODES: Record<number, string> = {
  400: "bad_frame",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "too_large",
  422: "invalid_command",
  429: "rate_limited",
  503: "unavailable",
}

export const createApi = (options: ApiOptions = {}): Api => {
  const storage = toStorage(options.storage)
  const baseUrl = (options.baseUrl ?? "").replace(/\/$/, "")
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const now = options.now ?? Date.now
  const listeners = new Set<(session: Session | undefined) => void>()
  let current = readJson<Stored>(storage, SESSION_KEY)
  if (current && (typeof current.token !== "string" || typeof current.refreshToken !== "string" || !current.user)) current = undefined
  let refreshing: Promise<Session | undefined> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let retries = 0
  let disposed = false

  const publicSession = (stored: Stored | undefined): Session | undefined => {
    if (!stored) return undefined
    const { receivedAt: _, ...session } = stored
    return session
  }

  const schedule = () => {
    clearTimeout(timer)
    timer = undefined
    if (!current || disposed) return
    const after = renewAfterMs(readClaims(current.token))
    if (after === undefined) return
    const wait = Math.max(0, current.receivedAt + after - now())
    timer = setTimeout(() => {
      refresh().then(
        () => (retries = 0),
        () => {
          // Unreachable: keep the session and try again; a 401 meanwhile refreshes on demand too.
          timer = setTimeout(schedule, Math.min(REFRESH_RETRY_CAP_MS, REFRESH_RETRY_MS * 2 ** retries++))
        },
      )
    }, wait)
  }

  const setSession = (session: Session | undefined) => {
    current = session ? { ...session, receivedAt: now() } : undefined
    writeJson(storage, SESSION_KEY, current)
    schedule()
    const visible = publicSession(current)
    for (const listener of [...listeners]) listener(visible)
  }

  /** True when the access token's lifetime has run out by the local clock (measured from when it arrived). */
  const expired = (stored: Stored): boolean => {
    const claims = readClaims(stored.token)
    if (claims.expiresAt === undefined || claims.issuedAt === undefined) return false
    return now() >= stored.receivedAt + (claims.expiresAt - claims.issuedAt - 1) * 1000
  }

  const url = (path: string, query?: RequestOptions["query"]): string => {
    let full = `${baseUrl}${path}`
    if (query) {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value))
      const text = params.toString()
      if (text) full += (full.includes("?") ? "&" : "?") + text
    }
    return full
  }

  const send = async (method: string, path: string, opts: RequestOptions, token: string | undefined): Promise<Response> => {
    const language = options.language?.()
    const headers: Record<string, string> = {
      accept: "application/json",
      ...options.headers,
      ...(language ? { "accept-language": language } : {}),
      ...opts.headers,
    }
    if (opts.body !== undefined) headers["content-type"] = "application/json"
    if (token) headers["authorization"] = `Bearer ${token}`
    try {
      return await doFetch(url(path, opts.query), {
        method: method.toUpperCase(),
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      })
    } catch (error) {
      if (opts.signal?.aborted) throw error
      throw new ApiError(0, "network", error instanceof Error ? error.message : "the server could not be reached")
    }
  }

  /** The response when 2xx; otherwise its problem document as an ApiError. */
  const checked = async (response: Response): Promise<Response> => {
    if (response.ok) return response
    throw await problemOf(response)
  }

  const raw = async (method: string, path: string, opts: RequestOptions = {}): Promise<Response> => {
    const useAuth = opts.auth !== false
    if (useAuth && current && expired(current)) await refresh().catch(() => undefined)
    const first = await send(method, path, opts, useAuth ? current?.token : undefined)
    if (first.status !== 401 || !useAuth || !current) return checked(first)
    const renewed = await refresh()
    if (!renewed) return checked(first)
    return checked(await send(method, path, opts, renewed.token))
  }

  const request = async <T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> => bodyOf<T>(await raw(method, path, opts))

  const refresh = (): Promise<Session | undefined> => {
    if (refreshing) return refreshing
    const stored = current
    if (!stored) return Promise.resolve(undefined)
    refreshing = (async () => {
      try {
        const response = await send("POST", "/api/auth/refresh", { body: { refreshToken: stored.refreshToken } }, undefined)
        if (response.status === 401 || response.status === 403) {
          // Refused for good (expired, disabled, organization gone): signed out, unless someone signed in meanwhile.
          if (current === stored) setSession(undefined)
          return undefined
        }
        const fresh = await bodyOf<Session>(await checked(response))
        if (current !== stored) return publicSession(current)
        // A guest's session address is not repeated by the refresh.
        setSession(stored.addr && !fresh.addr ? { ...fresh, addr: stored.addr } : fresh)
        return publicSession(current)
      } finally {
        refreshing = undefined
      }
    })()
    return refreshing
  }

  const auth: LiveAuth = {
    token: () => current?.token,
    refresh: async () => (await refresh())?.token,
    onToken: (listener) => {
      let last = current?.token
      const wrapped = (session: Session | undefined) => {
        if (session?.token === last) return
        last = session?.token
        listener(last)
      }
      listeners.add(wrapped)
      return () => void listeners.delete(wrapped)
    },
  }

  schedule()

  return {
    session: () => publicSession(current),
    onSession: (listener) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    signIn: async (email, password, tenant) => {
      const session = await request<Session>("POST", "/api/auth/login", { body: { email, password, ...(tenant ? { tenant } : {}) }, auth: false })
      setSession(session)
      return session
    },
    joinAsGuest: async (code, name) => {
      const session = await request<Session & { addr: string }>("POST", "/api/live/join", { body: { code, name }, auth: false })
      setSession(session)
      return session
    },
    refresh,
    adopt: (session) => {
      const { token, refreshToken, user } = (session ?? {}) as Partial<Session>
      if (
        typeof token !== "string" ||
        typeof refreshToken !== "string" ||
        typeof user?.id !== "string" ||
        typeof user.tenant !== "string" ||
        !Array.isArray(user.roles)
      ) {
        throw new TypeError("not a session: it needs token, refreshToken and user {id, tenant, roles}")
      }
      const adopted: Session = { token, refreshToken, user }
      setSession(adopted)
      return adopted
    },
    signOut: () => {
      if (current) setSession(undefined)
    },
    get: (path, opts) => request("GET", path, opts),
    post: (path, body, opts) => request("POST", path, { ...opts, body }),
    put: (path, body, opts) => request("PUT", path, { ...opts, body }),
    patch: (path, body, opts) => request("PATCH", path, { ...opts, body }),
    delete: (path, opts) => request("DELETE", path, opts),
    request,
    fetchRaw: raw,
    auth,
    dispose: () => {
      disposed = true
      clearTimeout(timer)
      listeners.clear()
    },
  }
}

const bodyOf = async <T>(response: Response): Promise<T> => {
  if (response.status === 204) return undefined as T
  const text = await response.text()
  if (!text) return undefined as T
  const type = response.headers.get("content-type") ?? ""
  return (type.includes("json") ? JSON.parse(text) : text) as T
}

/** An RFC 9457 problem document (or any other failure) as an ApiError. */
export const problemOf = async (response: Response): Promise<ApiError> => {
  let body: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(await response.text())
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  const code = toClientCode(body["code"] ?? STATUS_CODES[response.status] ?? (response.status >= 500 ? "internal" : "bad_frame"))
  const detail = typeof body["detail"] === "string" ? body["detail"] : response.statusText || `HTTP ${response.status}`
  const retryAfter = retryAfterSeconds(body["retryAfter"], response.headers.get("retry-after"))
  return new ApiError(response.status, code, detail, retryAfter)
}

const retryAfterSeconds = (member: unknown, header: string | null): number | undefined => {
  if (typeof member === "number" && Number.isFinite(member)) return member
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return seconds
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

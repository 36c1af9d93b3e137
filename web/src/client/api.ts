/** The HTTP API client: see `Api` in types.ts. */
import type { Api, ApiOptions } from "./types.ts"

export const createApi = (_options: ApiOptions = {}): Api => {
  throw new Error("client/api.ts: not implemented yet")
}

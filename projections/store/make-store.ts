/**
 * What both adapters share: given a raw transaction, the owner and viewer
 * transactions of the port. Keeping this in one place means the RLS session
 * settings cannot drift between PGlite and the server.
 */
import { Effect } from "effect"
import { isName } from "../../engine/address.ts"
import { classifyStoreError, QueryFailed } from "./errors.ts"
import { APP_ROLE, type ReadStore, type Sql, type VectorSupport, type Viewer } from "./port.ts"

export interface RawStore {
  readonly name: ReadStore["name"]
  readonly vector: VectorSupport
  transaction<A>(body: (sql: Sql) => Promise<A>): Promise<A>
  close(): Promise<void>
}

const ROLE_PATTERN = /^[a-z]{1,32}$/

const checkViewer = (viewer: Viewer): QueryFailed | undefined => {
  if (!isName(viewer.tenant))
    return new QueryFailed({ message: `viewer tenant ${JSON.stringify(viewer.tenant)} is not a valid tenant name`, sqlState: undefined })
  if (!isName(viewer.userId))
    return new QueryFailed({ message: `viewer user ${JSON.stringify(viewer.userId)} is not a valid user id`, sqlState: undefined })
  const badRole = viewer.roles.find((role) => !ROLE_PATTERN.test(role))
  if (badRole !== undefined) return new QueryFailed({ message: `viewer role ${JSON.stringify(badRole)} is not a valid role`, sqlState: undefined })
  return undefined
}

/**
 * Sets the RLS keys for this transaction only (`is_local`) and drops to the
 * application role (setting `role` is SET LOCAL ROLE), in one statement: a
 * round trip fewer on every read.
 */
export const becomeViewer = async (sql: Sql, viewer: Viewer): Promise<void> => {
  await sql.query(
    `select set_config('app.tenant', $1, true), set_config('app.user', $2, true), set_config('app.roles', $3, true), set_config('role', '${APP_ROLE}', true)`,
    [viewer.tenant, viewer.userId, viewer.roles.join(",")],
  )
}

export const makeReadStore = (raw: RawStore): ReadStore => {
  let closed: Promise<void> | undefined
  const run = <A>(body: (sql: Sql) => Promise<A>) => Effect.tryPromise({ try: () => raw.transaction(body), catch: classifyStoreError })
  return {
    name: raw.name,
    vector: raw.vector,
    asOwner: (body) => run(body),
    asViewer: (viewer, body) => {
      const invalid = checkViewer(viewer)
      if (invalid) return Effect.fail(invalid)
      return run(async (sql) => {
        await becomeViewer(sql, viewer)
        return body(sql)
      })
    },
    close: () => Effect.promise(() => (closed ??= raw.close().catch(() => undefined))),
  }
}

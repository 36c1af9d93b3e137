import { Effect } from "effect"
import { openPgliteStore } from "../store/pglite-store.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { vectorLiteral } from "../embeddings/port.ts"
import { loadDeck } from "../models/cards.ts"
import { NATURE_DECK } from "../testing/decks.ts"
const { store } = await openPgliteStore()
const e = lexicalHashEmbeddings()
await Effect.runPromise(loadDeck(store, e, "A", NATURE_DECK))
const [v] = await Effect.runPromise(e.embed(["river"]))
for (const mode of ["owner", "viewer"]) {
  const body = async (sql: any) => { await sql.query("set local enable_seqscan = off"); return sql.query("explain select card_id from card_vectors order by embedding <=> $1::vector limit 3", [vectorLiteral(v!)]) }
  const plan = await Effect.runPromise(mode === "owner" ? store.asOwner(body) : store.asViewer({ tenant: "A", userId: "u", roles: [] }, body))
  console.log(mode, plan.map((r: any) => Object.values(r)[0]).join("\n"))
}

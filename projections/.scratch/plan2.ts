import { Effect } from "effect"
import { openPgliteStore } from "../store/pglite-store.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { vectorLiteral } from "../embeddings/port.ts"
import { loadDeck } from "../models/cards.ts"
const { store } = await openPgliteStore()
const e = lexicalHashEmbeddings()
const words = "calm river courage morning bridge listen open door growth trust light path storm garden focus breath".split(" ")
const big = { deck: "big", cards: Array.from({ length: 3000 }, (_, i) => ({ id: `c${i}`, title: `${words[i % 16]} ${words[(i * 7) % 16]} ${words[(i * 3) % 16]}` })) }
let t = Date.now()
await Effect.runPromise(loadDeck(store, e, "A", big))
await Effect.runPromise(loadDeck(store, e, "B", { ...big, deck: "bigb" }))
console.log("load", Date.now() - t)
await Effect.runPromise(store.asOwner((sql) => sql.query("analyze card_vectors")))
const [v] = await Effect.runPromise(e.embed(["river"]))
const body = async (sql: any) => sql.query("explain select card_id from card_vectors order by embedding <=> $1::vector limit 3", [vectorLiteral(v!)])
const plan = await Effect.runPromise(store.asViewer({ tenant: "A", userId: "u", roles: [] }, body))
console.log(plan.map((r: any) => String(Object.values(r)[0]).slice(0, 120)).join("\n"))

import { simulateCommits } from "../testing/simulate.ts"
const t = Date.now()
const commits = simulateCommits({ seed: 1, events: 20000 })
console.log(commits.length, Date.now() - t, "ms")
const types: Record<string, number> = {}
for (const c of commits) for (const e of c.events as any[]) types[`${c.addr.kind}.${e.type}`] = (types[`${c.addr.kind}.${e.type}`] ?? 0) + 1
console.log(types)

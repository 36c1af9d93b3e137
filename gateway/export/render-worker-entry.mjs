// Worker threads do not inherit tsx's loader on Node 20, so the worker loads
// its TypeScript through tsx's API (Bun runs render-worker.ts directly).
import { tsImport } from "tsx/esm/api"

await tsImport("./render-worker.ts", import.meta.url)

// Worker threads do not inherit tsx's loader on Node 20, so the worker loads
// its TypeScript through tsx's API.
import { tsImport } from "tsx/esm/api"

await tsImport("./read-side-worker.ts", import.meta.url)

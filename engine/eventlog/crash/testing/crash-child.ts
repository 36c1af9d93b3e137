/** Entry point of a crash child run from source: `node --import tsx crash-child.ts` (see crash-writer.ts). */
import { runCrashChild } from "./crash-writer.ts"

await runCrashChild()

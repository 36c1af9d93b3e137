/** Fresh temporary log directories for the tests of this folder. */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const freshDir = (label: string): Promise<string> => mkdtemp(join(tmpdir(), `studio-${label}-`))

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true })

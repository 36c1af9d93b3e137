/** What the figures were measured on, so two reports can be told apart. */
import { execFileSync } from "node:child_process"
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os"
import type { Machine } from "../report/model.ts"

const git = (args: string[]): string | undefined => {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
  } catch {
    return undefined
  }
}

export const describeMachine = (): Machine => ({
  cores: availableParallelism(),
  cpuModel: cpus()[0]?.model.trim() ?? "unknown",
  memoryBytes: totalmem(),
  node: process.version,
  platform: platform(),
  kernel: release(),
  gitCommit: git(["rev-parse", "HEAD"]) ?? "unknown (not a git checkout)",
  gitDirty: (git(["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
  loadAverage: loadavg()[0] ?? 0,
})

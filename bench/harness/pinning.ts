/**
 * Which cores the server and the load generator get. With two or more cores
 * and `taskset` available, the server takes the first half and the generator
 * (this process) the rest, so neither steals the other's CPU; otherwise the
 * run goes on unpinned and the report says why.
 */
import { execFileSync } from "node:child_process"
import { availableParallelism } from "node:os"

export interface Pinning {
  readonly pinned: boolean
  /** `taskset -c` lists, when pinned. */
  readonly serverCpus?: string
  readonly generatorCpus?: string
  readonly note: string
}

const hasTaskset = (): boolean => {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const range = (from: number, to: number) => (from === to ? `${from}` : `${from}-${to}`)

export const planPinning = (cores = availableParallelism(), taskset = hasTaskset()): Pinning => {
  if (cores < 2) return { pinned: false, note: `not pinned: ${cores} core` }
  if (!taskset) return { pinned: false, note: "not pinned: taskset is not available" }
  const serverCores = Math.floor(cores / 2)
  return {
    pinned: true,
    serverCpus: range(0, serverCores - 1),
    generatorCpus: range(serverCores, cores - 1),
    note: `server on cpu ${range(0, serverCores - 1)}, generator on cpu ${range(serverCores, cores - 1)}`,
  }
}

/** Moves every thread of this process onto the generator's cores; false (and the reason) when the kernel refuses. */
export const pinSelf = (pinning: Pinning): Pinning => {
  if (!pinning.pinned || !pinning.generatorCpus) return pinning
  try {
    execFileSync("taskset", ["-a", "-p", "-c", pinning.generatorCpus, String(process.pid)], { stdio: "ignore" })
    return pinning
  } catch (error) {
    return { pinned: false, note: `not pinned: taskset refused (${String(error).slice(0, 80)})` }
  }
}

/** The command that starts a server on its cores (or unpinned). */
export const pinnedCommand = (pinning: Pinning, command: string, args: readonly string[]): [string, string[]] =>
  pinning.pinned && pinning.serverCpus ? ["taskset", ["-c", pinning.serverCpus, command, ...args]] : [command, [...args]]

/**
 * Which CPUs the server and the load generator get. With two or more CPUs
 * allowed to this process and `taskset` available, the server takes the
 * first half of them and the generator (this process) the rest, so neither
 * steals the other's time; otherwise the run goes on unpinned and the
 * report says why.
 */
import { execFileSync } from "node:child_process"

export interface Pinning {
  readonly pinned: boolean
  /** `taskset -c` lists, when pinned. */
  readonly serverCpus?: string
  readonly generatorCpus?: string
  readonly note: string
}

/** `0-2,5` -> [0, 1, 2, 5]; undefined when it is not such a list. */
export const parseCpuList = (list: string): number[] | undefined => {
  const cpus: number[] = []
  for (const part of list.trim().split(",")) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim())
    if (!match) return undefined
    const from = Number(match[1])
    const to = Number(match[2] ?? match[1])
    if (to < from) return undefined
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu)
  }
  return cpus
}

/** The CPUs this process may run on, as taskset reports them, or null without taskset. */
const allowedCpus = (): number[] | null => {
  try {
    const out = execFileSync("taskset", ["-p", "-c", String(process.pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    return parseCpuList(out.slice(out.lastIndexOf(":") + 1)) ?? null
  } catch {
    return null
  }
}

export const planPinning = (cpus: readonly number[] | null = allowedCpus()): Pinning => {
  if (cpus === null) return { pinned: false, note: "not pinned: taskset is not available" }
  if (cpus.length < 2) return { pinned: false, note: `not pinned: only ${cpus.length} CPU allowed` }
  const half = Math.floor(cpus.length / 2)
  const serverCpus = cpus.slice(0, half).join(",")
  const generatorCpus = cpus.slice(half).join(",")
  return { pinned: true, serverCpus, generatorCpus, note: `server on cpu ${serverCpus}, generator on cpu ${generatorCpus}` }
}

/** Moves every thread of this process onto the generator's CPUs; unpinned (and why) when the kernel refuses. */
export const pinSelf = (pinning: Pinning): Pinning => {
  if (!pinning.pinned || !pinning.generatorCpus) return pinning
  try {
    execFileSync("taskset", ["-a", "-p", "-c", pinning.generatorCpus, String(process.pid)], { stdio: "ignore" })
    return pinning
  } catch (error) {
    return { pinned: false, note: `not pinned: taskset refused (${String(error).slice(0, 80)})` }
  }
}

/** The command that starts a server on its CPUs (or unpinned). */
export const pinnedCommand = (pinning: Pinning, command: string, args: readonly string[]): [string, string[]] =>
  pinning.pinned && pinning.serverCpus ? ["taskset", ["-c", pinning.serverCpus, command, ...args]] : [command, [...args]]

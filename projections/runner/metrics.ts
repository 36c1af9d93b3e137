/**
 * Projection metrics in the Prometheus text format. Every runner in the
 * process registers here; `projectionMetrics()` renders them all, and the
 * gateway serves it at /api/metrics. Lag is the log's head position minus
 * the projection's checkpoint (positions, which count commits, not events),
 * with the head as last seen: by the runner at its last tick, or by whoever
 * told the group since (the read-side worker asks for it at each scrape).
 */
export interface RunnerSnapshot {
  readonly projection: string
  readonly holder: string
  readonly state: "starting" | "standby" | "active" | "halted" | "rebuilding" | "stopped"
  readonly position: number
  readonly head: number
  readonly eventsApplied: number
  readonly commitsApplied: number
  readonly deadLetters: number
  readonly lastError: string | null
}

export interface MetricsSource {
  snapshot(): RunnerSnapshot
}

export class MetricsRegistry {
  readonly #sources = new Set<MetricsSource>()
  add(source: MetricsSource): void {
    this.#sources.add(source)
  }
  remove(source: MetricsSource): void {
    this.#sources.delete(source)
  }
  snapshots(): RunnerSnapshot[] {
    return [...this.#sources].map((source) => source.snapshot())
  }
}

export const defaultRegistry = new MetricsRegistry()

const label = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")

const families: ReadonlyArray<{ name: string; type: "gauge" | "counter"; help: string; value: (s: RunnerSnapshot) => number }> = [
  {
    name: "studio_projection_lag",
    type: "gauge",
    help: "Log head position minus the projection checkpoint.",
    value: (s) => Math.max(0, s.head - s.position),
  },
  { name: "studio_projection_checkpoint_position", type: "gauge", help: "Last log position applied to the read model.", value: (s) => s.position },
  { name: "studio_projection_head_position", type: "gauge", help: "Newest log position the runner has seen.", value: (s) => s.head },
  { name: "studio_projection_events_applied_total", type: "counter", help: "Events applied by this process.", value: (s) => s.eventsApplied },
  { name: "studio_projection_commits_applied_total", type: "counter", help: "Commits applied by this process.", value: (s) => s.commitsApplied },
  {
    name: "studio_projection_dead_letters_total",
    type: "counter",
    help: "Commits set aside in the dead-letter table by this process.",
    value: (s) => s.deadLetters,
  },
  {
    name: "studio_projection_active",
    type: "gauge",
    help: "1 when this process holds the projection's lease and applies events.",
    value: (s) => (s.state === "active" || s.state === "rebuilding" ? 1 : 0),
  },
  {
    name: "studio_projection_halted",
    type: "gauge",
    help: "1 when a poison event halted the projection.",
    value: (s) => (s.state === "halted" ? 1 : 0),
  },
]

/** Prometheus text exposition (version 0.0.4) of every registered runner. */
export const projectionMetrics = (registry: MetricsRegistry = defaultRegistry): string => {
  const snapshots = registry.snapshots()
  const lines: string[] = []
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`)
    for (const s of snapshots) lines.push(`${family.name}{projection="${label(s.projection)}",holder="${label(s.holder)}"} ${family.value(s)}`)
  }
  return `${lines.join("\n")}\n`
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

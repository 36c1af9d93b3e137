/**
 * What a node still waits for before it serves everything it advertises.
 * The node listens as soon as it can, so operators and load balancers see it
 * starting; `/api/health` answers 503 `starting` until every part is done,
 * and 503 `stopping` once it drains.
 */
export type ReadinessStatus = "starting" | "ok" | "stopping"

export class Readiness {
  private readonly pending: Set<string>
  private stopping = false

  constructor(parts: readonly string[] = []) {
    this.pending = new Set(parts)
  }

  done(part: string): void {
    this.pending.delete(part)
  }

  stop(): void {
    this.stopping = true
  }

  get status(): ReadinessStatus {
    return this.stopping ? "stopping" : this.pending.size > 0 ? "starting" : "ok"
  }

  get waitingFor(): readonly string[] {
    return [...this.pending]
  }
}

/**
 * Live ping latency on a node while it renders exports, with the export pool
 * and with rendering inline on the event loop (how exports ran before):
 *   npx tsx bench/gateway/export-pool.ts [concurrent exports=6] [rounds=2] [workers]
 * Each round starts a node (the real gateway over the embedded log), fills a
 * canvas to the limits (gateway/export/testing/heavy-canvas.ts), then a bystander pings every 10 ms
 * while `concurrent` exports run at once (two PDFs for every PNG, as in
 * issue 12). The client runs in the node's process, as the live tests do.
 */
import type { RenderJob } from "../../gateway/export/render-jobs.ts"
import { renderJob } from "../../gateway/export/run-render-job.ts"
import { RenderPool, type ExportRenderer } from "../../gateway/export/render-pool.ts"
import { renderCanvasSvg } from "../../gateway/export/svg.ts"
import { svgToPng } from "../../gateway/export/png.ts"
import { unpackElements } from "../../gateway/export/render-jobs.ts"
import { startTestServer } from "../../gateway/testing/harness.ts"
import { buildHeavyCanvas } from "../../gateway/export/testing/heavy-canvas.ts"

const concurrent = Number(process.argv[2] ?? 6)
const rounds = Number(process.argv[3] ?? 2)
const workers = process.argv[4] ? Number(process.argv[4]) : undefined

/** The code before the pool: SVG and PDF on the event loop, PNG rasterized by resvg on libuv's threads. */
const inline: ExportRenderer = {
  admit: () => undefined,
  render: async (job: RenderJob) =>
    new Uint8Array(job.kind === "canvasPng" ? await svgToPng(renderCanvasSvg(unpackElements(job.elements)).svg) : await renderJob(job)),
  stop: async () => undefined,
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN

const round = async (mode: "pool" | "inline") => {
  const exports = mode === "pool" ? new RenderPool({ burst: 1_000, queue: 1_000, ...(workers ? { workers } : {}) }) : inline
  const server = await startTestServer({ gateway: { exports } })
  const owner = { id: "bench-owner", tenant: "t1", roles: ["participant" as const] }
  await buildHeavyCanvas(server.system, owner, "c-bench")
  const watcher = await server.client({ id: "bench-bystander" })
  const token = await server.token(owner)
  // Open loop: a ping is due every 10 ms and its latency counts from when it was due, so a
  // ping the blocked event loop could not even send counts the block (no coordinated omission).
  const rtts: number[] = []
  const replies: Promise<unknown>[] = []
  const t0 = performance.now()
  let due = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = () => {
    for (; t0 + due * 10 <= performance.now(); due++) {
      const scheduled = t0 + due * 10
      replies.push(watcher.ping().then(() => rtts.push(performance.now() - scheduled)))
    }
    watcher.frames.length = 0
    timer = setTimeout(tick, Math.max(0, t0 + due * 10 - performance.now()))
  }
  tick()
  const started = performance.now()
  const durations = await Promise.all(
    Array.from({ length: concurrent }, async (_, i) => {
      const response = await fetch(`${server.http}/api/canvases/c-bench/export?format=${i % 3 === 2 ? "png" : "pdf"}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`)
      await response.arrayBuffer()
      return performance.now() - started
    }),
  )
  clearTimeout(timer)
  await Promise.all(replies)
  await watcher.close()
  await server.dispose()
  rtts.sort((a, b) => a - b)
  const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
  console.log(
    `${mode.padEnd(6)} ${concurrent} exports: all done in ${fmt(Math.max(...durations))} (first ${fmt(Math.min(...durations))}); ` +
      `${rtts.length} pings p50 ${fmt(percentile(rtts, 0.5))}, p99 ${fmt(percentile(rtts, 0.99))}, max ${fmt(rtts[rtts.length - 1] ?? NaN)}`,
  )
}

for (let r = 0; r < rounds; r++) {
  await round("inline")
  await round("pool")
}
process.exit(0)

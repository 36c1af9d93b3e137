/**
 * The read-side worker thread of a node: projections/read-side/worker.ts's
 * body with what only the layers above the read side know, the embeddings
 * configured by STUDIO_EMBEDDINGS (the node's environment, which the thread
 * shares) and the coach's passage retrieval over the worker's store.
 */
import { coachPassages } from "../ml/coach/passages.ts"
import { embeddingsFromEnv } from "../ml/embeddings/config.ts"
import { runReadSideWorker } from "../projections/read-side/worker.ts"

await runReadSideWorker({ embeddings: () => embeddingsFromEnv(process.env), passages: coachPassages })

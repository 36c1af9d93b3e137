/**
 * Asking the coach: POST /api/coach/ask answers with Server-Sent Events
 * (delta..., citations, done or error), read here from the response body as
 * it arrives so the answer appears word by word.
 */
import type { Api } from "../client/index.ts"

export interface Citation {
  readonly number: number
  /** `card:<deck>/<card>` or `entry:<id>`. */
  readonly ref: string
  readonly label: string
}

export type CoachEvent =
  | { readonly type: "delta"; readonly text: string }
  | { readonly type: "citations"; readonly citations: readonly Citation[] }
  | { readonly type: "done"; readonly questionId: string; readonly kind: "model" | "crisis" | "nothing" | "failed"; readonly model: string }
  | { readonly type: "error"; readonly code: string; readonly message: string }

const parseBlock = (block: string): CoachEvent | undefined => {
  let event = "message"
  const data: string[] = []
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim()
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart())
  }
  if (data.length === 0) return undefined
  return { type: event, ...JSON.parse(data.join("\n")) } as CoachEvent
}

/** Sends the question and calls `onEvent` for each event as it arrives; rejects with the API's error before the stream starts. */
export const askCoach = async (
  api: Api,
  body: { question: string; questionId: string; language: string },
  onEvent: (event: CoachEvent) => void,
  signal?: AbortSignal,
): Promise<void> => {
  const response = await api.fetchRaw("POST", "/api/coach/ask", { body, ...(signal ? { signal } : {}) })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffered = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffered += value.replace(/\r\n/g, "\n")
    let end = buffered.indexOf("\n\n")
    while (end >= 0) {
      const event = parseBlock(buffered.slice(0, end))
      buffered = buffered.slice(end + 2)
      if (event) onEvent(event)
      end = buffered.indexOf("\n\n")
    }
  }
}

/** The parts of a citation's ref, for links. */
export const refParts = (ref: string): { kind: "card"; deck: string; card: string } | { kind: "entry"; entry: string } | undefined => {
  const card = /^card:([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/.exec(ref)
  if (card) return { kind: "card", deck: card[1]!, card: card[2]! }
  const entry = /^entry:([A-Za-z0-9_-]+)$/.exec(ref)
  return entry ? { kind: "entry", entry: entry[1]! } : undefined
}

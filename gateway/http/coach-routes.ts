/**
 * The AI coach over HTTP. Asking streams the answer as Server-Sent Events:
 * `delta` events ({text}), then one `citations` ({citations}), then `done`
 * ({questionId, kind, model, usage}) or `error` ({code, message}). Bad input
 * and refusals (guests, no account) are problem documents before the stream
 * starts. Questions, answers and feedback live on the asker's
 * `coach/<user id>` actor; an organization's usage is a read model of those
 * events and of the copilot's drafts metered on the same actors
 * (projections/models/coach-usage.ts), for its admins.
 */
import { Effect, Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import { streamSSE } from "hono/streaming"
import { MAX_QUESTION, type CoachState } from "../../actors/coach/index.ts"
import { makeAddress } from "../../engine/address.ts"
import { decodeParameters, describeSchemaFailure } from "../../engine/schema-issues.ts"
import { CoachUsageQuery, type CoachUsageReport } from "../../projections/reads/coach-usage.ts"
import { makeCoach, type Coach, type CoachRecorder } from "../../ml/coach/coach.ts"
import type { Asker } from "../../ml/retrieval/port.ts"
import { KeyedLimiter } from "../auth/rate-limit.ts"
import type { VerifiedToken } from "../auth/tokens.ts"
import { systemUser } from "../directory.ts"
import { authenticate, readActor } from "./actor-reads.ts"
import { refuseGuest, type Routes } from "./define.ts"
import { limit, requireRole, sendCommand, type ApiDeps } from "./deps.ts"
import { ApiProblem, problemOf, problemResponse } from "./problem.ts"
import { Id } from "./schemas.ts"

const Language = Schema.String.check(Schema.isPattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: "must be a BCP 47 tag like en or he-IL" }))
const AskBody = Schema.Struct({
  question: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(MAX_QUESTION)),
  questionId: Schema.optionalKey(Id),
  language: Schema.optionalKey(Language),
})
const FeedbackBody = Schema.Struct({ questionId: Id, helpful: Schema.Boolean })
const StartBody = Schema.Struct({ conversationId: Schema.optionalKey(Id) })

/** Why the routes answer 501: the coach needs the read models to retrieve from. */
export const COACH_NOT_CONFIGURED =
  "the coach is not configured on this node: it needs the read models' retriever (a node started with its read side)"

const notConfigured = (): Response => problemResponse("not_implemented", COACH_NOT_CONFIGURED)

const decodeBody = async <A>(c: Context, schema: Schema.Codec<A, unknown>): Promise<A> => {
  const raw = await c.req.json().catch(() => {
    throw new ApiProblem("bad_frame", "the body must be JSON")
  })
  // A key the route does not know is refused, not ignored: a typo never passes for a default.
  const decoded = Schema.decodeUnknownResult(schema, { onExcessProperty: "error" })(raw)
  if (Result.isFailure(decoded)) throw new ApiProblem("bad_frame", `invalid body: ${describeSchemaFailure(decoded.failure, { input: raw })}`)
  return decoded.success
}

const askerOf = (identity: VerifiedToken): Asker => {
  refuseGuest(identity)
  if (identity.user.roles.includes("guest"))
    throw new ApiProblem("forbidden", "guests do not use the coach: sign in with an account of the organization")
  return { tenant: identity.user.tenant, userId: identity.user.id, roles: identity.user.roles }
}

const coachAddress = (asker: Asker) => makeAddress(asker.tenant, "coach", asker.userId)

const actorRecorder = (deps: ApiDeps): CoachRecorder => ({
  questionAsked: async (asker, questionId, text, language) => {
    await sendCommand(
      deps.system,
      coachAddress(asker),
      { id: asker.userId, tenant: asker.tenant, roles: asker.roles as never },
      `ask-${questionId}`,
      { type: "askQuestion", questionId, text, language },
    )
  },
  answerGiven: async (asker, questionId, answer) => {
    await sendCommand(deps.system, coachAddress(asker), systemUser(asker.tenant), `answer-${questionId}`, {
      type: "recordAnswer",
      questionId,
      ...answer,
    })
  },
  turns: async (asker) => (await readActor<CoachState>(deps.system, coachAddress(asker), systemUser(asker.tenant)))?.turns ?? [],
})

/** The asker's language: the body's, else the first of Accept-Language, else English. */
const languageOf = (body: { language?: string }, c: Context): string =>
  body.language ?? /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*/.exec(c.req.header("accept-language") ?? "")?.[0] ?? "en"

export const coachRoutes = (app: Hono, routes: Routes, deps: ApiDeps): void => {
  const coach: Coach | undefined = deps.coach
    ? makeCoach({
        ...deps.coach,
        recorder: actorRecorder(deps),
        people: async (tenant) => Object.values((await deps.directory.organization(tenant))?.members ?? {}).map((member) => member.name),
      })
    : undefined
  // A question costs retrieval and a model call: ten at once, then one every six seconds per user.
  const asks = new KeyedLimiter(10, 1 / 6)

  routes.specs.push(
    {
      method: "post",
      path: "/api/coach/conversations",
      summary: "Start a new conversation with the coach (not for guests)",
      auth: true,
      request: StartBody,
      status: 201,
    },
    {
      method: "post",
      path: "/api/coach/ask",
      summary: "Ask the coach; the answer streams as Server-Sent Events: delta..., citations, done (or error)",
      auth: true,
      request: AskBody,
    },
    { method: "post", path: "/api/coach/feedback", summary: "Rate an answer helpful or not helpful", auth: true, request: FeedbackBody },
    {
      method: "get",
      path: "/api/coach/history",
      summary: "The caller's conversations with the coach: questions, answers with citations, feedback",
      auth: true,
    },
    {
      method: "get",
      path: "/api/coach/usage",
      summary:
        "The organization's AI usage: the coach's questions, answers and feedback, the copilot's drafts, and the tokens of both (also per model) (admins); from / to in the query string",
      auth: true,
      query: CoachUsageQuery,
    },
  )

  app.post("/api/coach/conversations", async (c) => {
    const asker = askerOf(await authenticate(deps, c))
    const body = await decodeBody(c, StartBody)
    if (!coach) return notConfigured()
    const conversationId = body.conversationId ?? crypto.randomUUID()
    const user = { id: asker.userId, tenant: asker.tenant, roles: asker.roles as never }
    await sendCommand(deps.system, coachAddress(asker), user, `start-${conversationId}`, { type: "startConversation", conversationId })
    return c.json({ conversationId }, 201)
  })

  app.post("/api/coach/ask", async (c) => {
    const asker = askerOf(await authenticate(deps, c))
    const body = await decodeBody(c, AskBody)
    if (!coach) return notConfigured()
    limit(asks, `${asker.tenant}/${asker.userId}`, "questions to the coach")
    const questionId = body.questionId ?? crypto.randomUUID().replaceAll("-", "")
    const abort = new AbortController()
    const answer = await coach.ask({
      asker,
      questionId,
      question: body.question.trim() || body.question,
      language: languageOf(body, c),
      signal: abort.signal,
    })
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort())
      for await (const event of answer) {
        const { type, ...data } = event
        await stream.writeSSE({ event: type, data: JSON.stringify(data) })
      }
    })
  })

  app.post("/api/coach/feedback", async (c) => {
    const asker = askerOf(await authenticate(deps, c))
    const body = await decodeBody(c, FeedbackBody)
    if (!coach) return notConfigured()
    const user = { id: asker.userId, tenant: asker.tenant, roles: asker.roles as never }
    const seq = await sendCommand(deps.system, coachAddress(asker), user, `feedback-${body.questionId}-${body.helpful}-${Date.now()}`, {
      type: "giveFeedback",
      questionId: body.questionId,
      helpful: body.helpful,
    })
    return c.json({ seq })
  })

  app.get("/api/coach/history", async (c) => {
    const asker = askerOf(await authenticate(deps, c))
    if (!coach) return notConfigured()
    const state = await readActor<CoachState>(deps.system, coachAddress(asker), {
      id: asker.userId,
      tenant: asker.tenant,
      roles: asker.roles as never,
    })
    return c.json({ model: coach.model.model, conversationId: state?.conversationId ?? null, turns: state?.turns ?? [] })
  })

  app.get("/api/coach/usage", async (c) => {
    const identity = requireRole(await authenticate(deps, c), "admin")
    if (!deps.readSide) throw new ApiProblem("unavailable", "this node serves no read models to read the coach's usage from")
    const decoded = decodeParameters(CoachUsageQuery, (name) => c.req.query(name), { trim: true })
    if (!decoded.ok) throw new ApiProblem("bad_frame", decoded.detail)
    const outcome = await deps.readSide.read(identity.user, { name: "coachUsage", params: decoded.value })
    if (!outcome.ok) return problemOf(outcome.error)
    // `complete` stays for clients of the old log scan, which could stop short; a read model answers for all of it.
    return c.json({
      model: coach?.model.model ?? null,
      configured: coach !== undefined,
      complete: true,
      ...(JSON.parse(outcome.value) as CoachUsageReport),
    })
  })
}

/**
 * A schema failure in plain words for the client that sent the value: which
 * field is wrong and what it should be (`cmd.x: expected a number, got "no"`,
 * `missing field \`type\``, `unknown command type "zap"; expected one of
 * create, addElement, ...`), never the library's own rendering of its issue
 * tree. Bounded in length, and it quotes only short scalar values, never
 * those of fields that hold secrets.
 *
 * Shared by the runtime (a `nack` for a command its kind cannot decode) and
 * the HTTP API (a problem document for a body or parameter it cannot decode).
 */
import { Cause, Exit, Schema, SchemaAST, SchemaIssue } from "effect"

export interface DescribeOptions {
  /** The value that was decoded: lets the text quote what was sent and name an unknown `type`. */
  readonly input?: unknown
  /** Names the decoded value in paths: `cmd` gives `cmd.element.x`. */
  readonly root?: string
  /** What a tagged union's tag picks at the top level: `command` gives `unknown command type "zap"`. */
  readonly noun?: string
  /** What a key of the value is called: `missing parameter \`q\`` (default "field"). */
  readonly field?: string
  /** Longest text returned (default 300 characters). */
  readonly maxLength?: number
}

const DEFAULT_MAX = 300
const QUOTE_MAX = 40
const LIST_MAX = 12
/** Field names whose values are never quoted back. */
const SECRET = /pass|secret|token|code|hash|key/i
/** Keys a tagged union is usually told apart by, in order of preference. */
const TAGS = ["type", "kind", "t", "_tag"]

type Path = readonly PropertyKey[]

/** The issue inside a Cause, a SchemaError, or the issue itself; undefined for anything else. */
const issueOf = (failure: unknown): SchemaIssue.Issue | undefined => {
  if (SchemaIssue.isIssue(failure)) return failure
  if (Schema.isSchemaError(failure)) return failure.issue
  if (Cause.isCause(failure)) {
    const error = Cause.findErrorOption(failure)
    return error._tag === "Some" ? issueOf(error.value) : undefined
  }
  return undefined
}

const isRecord = (value: unknown): value is Record<PropertyKey, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** The part of `input` at `path`, through own properties only (a key such as `__proto__` finds nothing). */
const valueAt = (input: unknown, path: Path): { found: boolean; value?: unknown } => {
  let value = input
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return { found: false }
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return { found: true, value }
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** A short, safe rendering of a value a client sent. */
const quote = (value: unknown): string => {
  if (value === null) return "null"
  if (value === undefined) return "nothing"
  if (typeof value === "string") return clip(JSON.stringify(value), QUOTE_MAX)
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  if (typeof value === "bigint") return "a very large number"
  if (Array.isArray(value)) return "a list"
  if (value instanceof Uint8Array) return "binary data"
  if (typeof value === "object") return "an object"
  return `a ${typeof value}`
}

const formatPath = (root: string | undefined, path: Path): string => {
  let text = root ?? ""
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key
    else text += `[${clip(JSON.stringify(String(key)), QUOTE_MAX)}]`
  }
  return text
}

const listOf = (items: readonly string[]): string =>
  items.length > LIST_MAX ? `${items.slice(0, LIST_MAX).join(", ")}, … (${items.length} in all)` : items.join(", ")

const literalText = (literal: unknown) => (typeof literal === "string" ? JSON.stringify(literal) : String(literal))

const resolve = (ast: SchemaAST.AST): SchemaAST.AST => (SchemaAST.isSuspend(ast) ? ast.thunk() : ast)

/** What a schema accepts, in words. */
const expected = (node: SchemaAST.AST, depth = 0): string => {
  const ast = resolve(node)
  const annotated = ast.annotations?.["expected"]
  if (typeof annotated === "string" && SchemaAST.isDeclaration(ast)) return annotated
  switch (ast._tag) {
    case "String":
      return "a string"
    case "Number":
      return "a number"
    case "Boolean":
      return "true or false"
    case "BigInt":
      return "a whole number"
    case "Null":
      return "null"
    case "Undefined":
    case "Void":
      return "nothing"
    case "Literal":
      return literalText(ast.literal)
    case "Arrays":
      return "a list"
    case "Objects":
    case "ObjectKeyword":
      return "an object"
    case "Enum":
      return `one of ${listOf(ast.enums.map(([, value]) => literalText(value)))}`
    case "TemplateLiteral":
      return "a string of the documented form"
    case "Union": {
      if (depth > 2) return "a value of another shape"
      const members = [...new Set(ast.types.map((member) => expected(member, depth + 1)))]
      if (ast.types.every((member) => SchemaAST.isLiteral(resolve(member)))) return `one of ${listOf(members)}`
      return members.length <= 4 ? members.join(" or ") : `one of ${listOf(members)}`
    }
    default:
      return typeof annotated === "string" ? annotated : "a value of another shape"
  }
}

/** The tag key every member of a union fixes to a literal, with each member's literal. */
const tagsOf = (union: SchemaAST.Union): { key: string; values: string[] } | undefined => {
  const members = union.types.map(resolve)
  if (members.length === 0 || !members.every(SchemaAST.isObjects)) return undefined
  const literalOf = (member: SchemaAST.Objects, key: string) => {
    const property = member.propertySignatures.find((p) => p.name === key)
    const type = property && resolve(property.type)
    return type && SchemaAST.isLiteral(type) ? type.literal : undefined
  }
  const shared = (members[0] as SchemaAST.Objects).propertySignatures
    .map((p) => p.name)
    .filter((name): name is string => typeof name === "string" && (members as SchemaAST.Objects[]).every((m) => literalOf(m, name) !== undefined))
  const key = TAGS.find((tag) => shared.includes(tag)) ?? shared[0]
  if (key === undefined) return undefined
  return { key, values: (members as SchemaAST.Objects[]).map((m) => String(literalOf(m, key))) }
}

interface Found {
  readonly path: Path
  readonly message: string
}

interface Walk {
  readonly options: DescribeOptions
  readonly out: Found[]
}

const sentAt = (walk: Walk, issue: SchemaIssue.Issue, path: Path): { found: boolean; value?: unknown } =>
  SchemaIssue.hasInput(issue) ? { found: true, value: issue.input } : valueAt(walk.options.input, path)

/** `, got "no"`, unless the value is unknown or sits in a field that may hold a secret. */
const got = (walk: Walk, issue: SchemaIssue.Issue, path: Path): string => {
  if (path.some((key) => typeof key === "string" && SECRET.test(key))) return ""
  const sent = sentAt(walk, issue, path)
  return sent.found ? `, got ${quote(sent.value)}` : ""
}

const filterText = (issue: SchemaIssue.Filter): string => {
  const own = issue.filter.annotations
  const inner = issue.issue._tag === "InvalidValue" ? issue.issue.annotations : undefined
  const message = own?.message ?? inner?.message
  if (typeof message === "string") return message
  const wanted = inner?.expected ?? own?.expected
  if (typeof wanted === "string") return `expected ${wanted}`
  return "has a value that is not allowed"
}

const noMatch = (walk: Walk, issue: SchemaIssue.AnyOf, path: Path): Found => {
  const sent = sentAt(walk, issue, path)
  const tags = tagsOf(issue.ast)
  if (tags && sent.found) {
    const value = sent.value
    if (!isRecord(value)) return { path, message: `expected an object with a \`${tags.key}\` field, got ${quote(value)}` }
    if (!Object.hasOwn(value, tags.key)) return { path, message: `missing ${walk.options.field ?? "field"} \`${tags.key}\`` }
    const noun = path.length === 0 && walk.options.noun ? `${walk.options.noun} ${tags.key}` : tags.key
    return { path, message: `unknown ${noun} ${quote(value[tags.key])}; expected one of ${listOf(tags.values)}` }
  }
  if (tags) return { path, message: `expected an object whose \`${tags.key}\` is one of ${listOf(tags.values)}` }
  return { path, message: `expected ${expected(issue.ast)}${got(walk, issue, path)}` }
}

const collect = (walk: Walk, issue: SchemaIssue.Issue, path: Path): void => {
  switch (issue._tag) {
    case "Pointer":
      return collect(walk, issue.issue, [...path, ...issue.path])
    case "Encoding":
      return collect(walk, issue.issue, path)
    case "Composite":
      for (const inner of issue.issues) collect(walk, inner, path)
      return
    case "AnyOf":
      if (issue.issues.length === 0) walk.out.push(noMatch(walk, issue, path))
      else for (const inner of issue.issues) collect(walk, inner, path)
      return
    case "Filter":
      walk.out.push({ path, message: `${filterText(issue)}${got(walk, issue, path)}` })
      return
    case "InvalidType":
      walk.out.push({ path, message: `expected ${expected(issue.ast)}${got(walk, issue, path)}` })
      return
    case "InvalidValue": {
      const message = issue.annotations?.message
      const wanted = issue.annotations?.expected
      walk.out.push({
        path,
        message:
          typeof message === "string"
            ? message
            : `${typeof wanted === "string" ? `expected ${wanted}` : "has a value that is not allowed"}${got(walk, issue, path)}`,
      })
      return
    }
    case "MissingKey": {
      const key = path.at(-1)
      walk.out.push({
        path: path.slice(0, -1),
        message: key === undefined ? "a required value is missing" : `missing ${walk.options.field ?? "field"} \`${String(key)}\``,
      })
      return
    }
    case "UnexpectedKey": {
      const key = path.at(-1)
      walk.out.push({
        path: path.slice(0, -1),
        message:
          key === undefined ? "has a value that is not expected" : `unknown ${walk.options.field ?? "field"} \`${clip(String(key), QUOTE_MAX)}\``,
      })
      return
    }
    case "Forbidden":
      walk.out.push({ path, message: "cannot be checked here" })
      return
    case "OneOf":
      walk.out.push({ path, message: "matches more than one accepted shape; make it match exactly one" })
      return
  }
}

/**
 * The failure (a Cause, a SchemaError, or an Issue) as one line naming each
 * wrong field. Anything else gets a generic line, never its own rendering.
 */
export const describeSchemaFailure = (failure: unknown, options: DescribeOptions = {}): string => {
  const max = options.maxLength ?? DEFAULT_MAX
  const issue = issueOf(failure)
  if (!issue) return "the value does not have the expected shape"
  const walk: Walk = { options, out: [] }
  collect(walk, issue, [])
  const lines = [...new Set(walk.out.map(({ path, message }) => (path.length === 0 ? message : `${formatPath(options.root, path)}: ${message}`)))]
  return clip(lines.join("; ") || "the value does not have the expected shape", max)
}

/** A struct of named string parameters (a query string, a path's segments). */
export type ParameterStruct<A> = Schema.Codec<A, unknown> & { readonly fields: Schema.Struct.Fields }

/**
 * Decodes string parameters into `schema`'s fields, reading each declared
 * name through `read` (so names such as `__proto__` are never looked up on a
 * parsed object). Empty values count as absent; `trim` strips the rest.
 */
export const decodeParameters = <A>(
  schema: ParameterStruct<A>,
  read: (name: string) => string | undefined,
  options: { readonly trim?: boolean } = {},
): { readonly ok: true; readonly value: A } | { readonly ok: false; readonly detail: string } => {
  const raw: Record<string, string> = {}
  for (const name of Object.keys(schema.fields)) {
    const value = options.trim ? read(name)?.trim() : read(name)
    if (value !== undefined && value !== "") raw[name] = value
  }
  const decoded = decodeCache(schema)(raw)
  if (Exit.isSuccess(decoded)) return { ok: true, value: decoded.value }
  return { ok: false, detail: describeSchemaFailure(decoded.cause, { input: raw, field: "parameter" }) }
}

const decoders = new WeakMap<object, (input: unknown) => Exit.Exit<unknown, unknown>>()
const decodeCache = <A>(schema: ParameterStruct<A>): ((input: unknown) => Exit.Exit<A, unknown>) => {
  let decode = decoders.get(schema)
  if (!decode) decoders.set(schema, (decode = Schema.decodeUnknownExit(schema)))
  return decode as (input: unknown) => Exit.Exit<A, unknown>
}

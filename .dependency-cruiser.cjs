/**
 * The arrows of architecture.md (shared/design), checked on every import by
 * dependency-cruiser: `npm run lint:deps`, and repository.deps.test.ts in
 * `npm test`, so a broken arrow fails CI.
 *
 *   web app -> gateway -> ml -> projections -> actors -> engine
 *
 * A layer imports only layers below it, so folders cannot form a cycle.
 * The web apps take from below only the pure modules shared with them by
 * design; tests and their support (`*.test.ts`, `testing/` folders) may
 * cross layers, production code never imports them; bench/ measures
 * everything and nothing imports it. Every production module must be
 * reached from an entry point (package.json scripts, the web apps' pages,
 * and what those start as workers), so code only tests reach cannot sit
 * under a production name.
 *
 * TypeScript is read through Babel (.dependency-cruiser.babel.cjs).
 */
const { readFileSync, readdirSync } = require("node:fs")
const { join } = require("node:path")

const here = __dirname

/** Tests and what only tests use. */
const TEST_SUPPORT = "(^|/)testing/|\\.test\\.tsx?$|^web/(e2e|client-tests)/"
const BENCH = "^bench/"
/** Production code: neither test support nor bench, nor build and tool configuration at the root. */
const NOT_PRODUCTION = `${TEST_SUPPORT}|${BENCH}|^[^/]+$|\\.d\\.ts$`

/**
 * The layers, lowest first. A module imports only its own layer and those
 * below. engine/ is lowest although architecture.md draws it above actors/:
 * the runtime hosts actor kinds through the interfaces in
 * engine/actor-kind.ts, which each kind implements, so in the code the arrow
 * is actors -> engine and the engine never imports a kind (the gateway
 * registers them).
 */
const LAYERS = [
  { name: "engine", path: "^engine/" },
  { name: "actors", path: "^actors/" },
  { name: "projections", path: "^projections/" },
  { name: "ml", path: "^ml/" },
  { name: "gateway", path: "^gateway/" },
  { name: "web", path: "^web/(src|journal-sync)/" },
]

/**
 * What the web apps take from the layers below by design: the actors'
 * schemas, folds and rules (all of actors/, pure), the live protocol, the
 * types of users and addresses, and the insight panel's wording. Nothing
 * that does I/O on a server.
 */
const SHARED_WITH_WEB = [
  "^actors/",
  "^engine/(actor-kind|address)\\.ts$",
  "^gateway/protocol(-codec)?\\.ts$",
  "^ml/insights/(present|retrospective|activity|detect|room)\\.ts$",
].join("|")

/** Entry points: every .ts/.mjs file a package.json script runs (benchmarks aside), and the web apps' pages. */
const entryPoints = () => {
  const { scripts } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"))
  const fromScripts = Object.values(scripts).flatMap((command) => command.match(/[\w./-]+\.(ts|tsx|mjs)\b/g) ?? [])
  const pages = readdirSync(join(here, "web")).filter((name) => name.endsWith(".html"))
  const fromPages = pages.flatMap((page) =>
    [...readFileSync(join(here, "web", page), "utf8").matchAll(/<script[^>]+src="\/([^"]+)"/g)].map((m) => `web/${m[1]}`),
  )
  return [...fromScripts, ...fromPages].filter((path) => !path.startsWith("bench/"))
}
const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
const ENTRY_POINTS = `^(${entryPoints().map(escape).join("|")})$`

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.name}-imports-no-higher-layer`,
  comment: `${layer.name}/ sits below ${LAYERS.slice(index + 1)
    .map((l) => l.name)
    .join(", ")} (architecture.md): it must not import them.`,
  severity: "error",
  from: { path: layer.path, pathNot: NOT_PRODUCTION },
  to: {
    path: LAYERS.slice(index + 1)
      .map((l) => l.path)
      .join("|"),
  },
}))

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "web-takes-only-shared-modules",
      comment: "The web apps run in a browser: from below they take only the modules shared with them by design (SHARED_WITH_WEB).",
      severity: "error",
      from: { path: "^web/(src|journal-sync)/", pathNot: NOT_PRODUCTION },
      to: { path: "^(engine|actors|projections|ml|gateway)/", pathNot: SHARED_WITH_WEB },
    },
    {
      name: "actors-are-pure",
      comment: "The domain is pure (architecture.md): no runtime, no log, no Node I/O; time, ids and the user come in through ctx.",
      severity: "error",
      from: { path: "^actors/", pathNot: NOT_PRODUCTION },
      to: { path: "^engine/(runtime|eventlog)/|^(node:)?(fs|net|http|https|child_process|worker_threads|os|dgram|cluster)(/|$)" },
    },
    {
      name: "production-imports-no-test-support",
      comment:
        "Tests and test support (*.test.ts, testing/ folders) are for tests only: production code that needs one of their modules should own it.",
      severity: "error",
      from: { pathNot: NOT_PRODUCTION },
      to: { path: TEST_SUPPORT },
    },
    {
      name: "nothing-imports-bench",
      comment: "bench/ measures the system from outside; nothing else depends on it.",
      severity: "error",
      from: { pathNot: BENCH },
      to: { path: BENCH },
    },
    {
      name: "production-code-is-reached",
      comment:
        "Every production module is reached from an entry point (a package.json script, a web page, or a worker they start). " +
        "One that only tests or benches reach belongs in a testing/ folder or under bench/; one nothing reaches, nowhere.",
      severity: "error",
      from: { path: ENTRY_POINTS },
      to: { path: "^(engine|actors|projections|ml|gateway|web/(src|journal-sync))/", pathNot: `${NOT_PRODUCTION}|${ENTRY_POINTS}`, reachable: false },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.scratch)/|^bench/results/|^web/public/" },
    babelConfig: { fileName: ".dependency-cruiser.babel.cjs" },
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".mjs", ".js", ".cjs", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types"],
    },
    skipAnalysisNotInRules: true,
    /**
     * Arrows the code breaks today that cannot be fixed small; each says why
     * it is here. The rule ignores exactly these edges, and fails on any
     * other.
     */
    knownViolations: require("./.dependency-cruiser-known-violations.cjs"),
  },
}

/**
 * Arrows the code breaks today that cannot be fixed small (.dependency-cruiser.cjs
 * ignores exactly these, and fails on any other). Each group says why it is
 * here and what ends it; delete the entries with the fix.
 */
const dependency = (rule, from, to) => ({ type: "dependency", from, to, rule: { severity: "error", name: rule } })
const unreached = (path) => ({ type: "module", from: path, to: path, rule: { severity: "error", name: "production-code-is-reached" } })

module.exports = [
  // Test generators under production names. Their importers, the decider
  // property tests (actors/*/decider.property.test.ts), are being edited by
  // another engineer now; when they are free, move each to
  // actors/<kind>/testing/arbitrary.ts and point those tests at it.
  ...["canvas", "journal", "session"].flatMap((kind) => [
    unreached(`actors/${kind}/arbitrary.ts`),
    dependency("production-imports-no-test-support", `actors/${kind}/arbitrary.ts`, "engine/testing/context.ts"),
  ]),
  dependency("production-imports-no-test-support", "actors/session/arbitrary.ts", "actors/session/testing/fixtures.ts"),

  // The journal sync tests' simulation, under a production name in
  // web/journal-sync/, which another engineer is editing now: move it to
  // web/journal-sync/testing/simulation.ts with its tests' imports.
  unreached("web/journal-sync/simulation.ts"),
  dependency("production-imports-no-test-support", "web/journal-sync/simulation.ts", "engine/testing/random.ts"),
  dependency("web-takes-only-shared-modules", "web/journal-sync/simulation.ts", "engine/testing/random.ts"),

  // projections/ -> ml/, the one cycle between top-level folders (ml/ reads
  // the read models; these go the other way). The card library's read model
  // computes card vectors at projection time with the embeddings port, which
  // moved to ml/embeddings/, and the read-side worker serves the coach's
  // passage retrieval (ml/coach/passages.ts) from its store. Ending it means
  // a port below both (the embeddings port where projections can own it, and
  // the coach's retrieval registered into the worker from above), a redesign
  // of the read side that issue 16 item 3 (one typed query interface served
  // by the worker) is about to make anyway.
  ...[
    ["projections/http/read-api.ts", "ml/embeddings/port.ts"],
    ["projections/index.ts", "ml/embeddings/config.ts"],
    ["projections/index.ts", "ml/embeddings/lexical-hash.ts"],
    ["projections/index.ts", "ml/embeddings/port.ts"],
    ["projections/models/card-vectors.ts", "ml/embeddings/port.ts"],
    ["projections/models/cards.ts", "ml/embeddings/lexical-hash.ts"],
    ["projections/models/cards.ts", "ml/embeddings/port.ts"],
    ["projections/read-side/worker.ts", "ml/coach/passages.ts"],
    ["projections/read-side/worker.ts", "ml/embeddings/config.ts"],
    ["projections/read-side/worker.ts", "ml/embeddings/port.ts"],
  ].map(([from, to]) => dependency("projections-imports-no-higher-layer", from, to)),
]

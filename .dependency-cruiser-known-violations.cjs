/**
 * Arrows the code breaks today that cannot be fixed small (.dependency-cruiser.cjs
 * ignores exactly these, and fails on any other). Each group says why it is
 * here and what ends it; delete the entries with the fix.
 */
const dependency = (rule, from, to) => ({ type: "dependency", from, to, rule: { severity: "error", name: rule } })

module.exports = [
  // projections/http/read-api.ts -> ml/embeddings/port.ts: the port moved to
  // projections/embeddings/ (the read-side worker's entry, gateway/read-side-worker.ts,
  // hands in the configured adapter); this import goes with read-api.ts's next change.
  ...[
    ["projections/http/read-api.ts", "ml/embeddings/port.ts"],
  ].map(([from, to]) => dependency("projections-imports-no-higher-layer", from, to)),
]

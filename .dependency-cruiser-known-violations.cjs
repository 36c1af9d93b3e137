/**
 * Arrows the code breaks today that cannot be fixed small (.dependency-cruiser.cjs
 * ignores exactly these, and fails on any other). Each group says why it is
 * here and what ends it; delete the entries with the fix.
 */
const dependency = (rule, from, to) => ({ type: "dependency", from, to, rule: { severity: "error", name: rule } })

module.exports = [
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

/**
 * Arrows the code breaks today that cannot be fixed small (.dependency-cruiser.cjs
 * ignores exactly these, and fails on any other). Each group says why it is
 * here and what ends it; delete the entries with the fix.
 */
const dependency = (rule, from, to) => ({ type: "dependency", from, to, rule: { severity: "error", name: rule } })

module.exports = []

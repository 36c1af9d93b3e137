/**
 * How dependency-cruiser reads this repository's TypeScript (see
 * .dependency-cruiser.cjs). It parses TypeScript with the `typescript`
 * package only below version 7, and this repository's is 7 (which has no
 * JavaScript API), so .ts/.tsx files go through Babel instead: @babel/parser
 * reads TypeScript and JSX, and the plugin below reduces each module to the
 * module references it makes, as plain JavaScript that dependency-cruiser's
 * own parser reads:
 *
 * - static imports and re-exports, type-only ones too (a type import is still
 *   an arrow between layers);
 * - dynamic `import("...")`;
 * - `new URL("./file.ts", import.meta.url)` and `tsImport("./file.ts", ...)`,
 *   how the gateway starts its worker threads and child processes, so a
 *   worker's code counts as reached from the node that starts it.
 */
const SOURCE_FILE = /^\.\.?\/.*\.(ts|tsx|mts|mjs|cjs)$/

const moduleReferencesOnly = ({ types: t }) => {
  const isImportMetaUrl = (node) =>
    node?.type === "MemberExpression" && node.object.type === "MetaProperty" && node.property.type === "Identifier" && node.property.name === "url"
  /** The string literals an argument can evaluate to: `"./a.ts"`, or either branch of `bun ? "./a.ts" : "./b.mjs"`. */
  const literals = (node) =>
    node?.type === "StringLiteral"
      ? [node.value]
      : node?.type === "ConditionalExpression"
        ? [...literals(node.consequent), ...literals(node.alternate)]
        : []

  /** One walk over the parsed module, by hand: Babel's own traversal builds scopes for every node, which costs ten times the parse. */
  const references = (ast) => {
    const statics = new Set()
    const dynamics = new Set()
    const visit = (node) => {
      switch (node.type) {
        case "ImportDeclaration":
        case "ExportAllDeclaration":
          statics.add(node.source.value)
          return
        case "ExportNamedDeclaration":
          if (node.source) statics.add(node.source.value)
          break
        case "CallExpression":
          if (node.callee.type === "Import") for (const value of literals(node.arguments[0])) dynamics.add(value)
          if (node.callee.type === "Identifier" && node.callee.name === "tsImport") {
            for (const value of literals(node.arguments[0])) if (SOURCE_FILE.test(value)) dynamics.add(value)
          }
          break
        case "ImportExpression":
          for (const value of literals(node.source)) dynamics.add(value)
          break
        case "NewExpression":
          if (node.callee.type === "Identifier" && node.callee.name === "URL" && isImportMetaUrl(node.arguments[1])) {
            for (const value of literals(node.arguments[0])) if (SOURCE_FILE.test(value)) statics.add(value)
          }
          break
      }
      for (const key in node) {
        if (key === "loc" || key === "extra") continue
        const value = node[key]
        if (Array.isArray(value)) {
          for (const item of value) if (item !== null && typeof item === "object" && typeof item.type === "string") visit(item)
        } else if (value !== null && typeof value === "object" && typeof value.type === "string") visit(value)
      }
    }
    visit(ast.program)
    return { statics, dynamics }
  }

  return {
    name: "module-references-only",
    // Replaces the parsed module with its references before Babel builds anything on it.
    parserOverride(code, options, parse) {
      const { statics, dynamics } = references(parse(code, options))
      return t.file(
        t.program([
          ...[...statics].map((source) => t.importDeclaration([], t.stringLiteral(source))),
          ...[...dynamics].map((source) => t.expressionStatement(t.callExpression(t.import(), [t.stringLiteral(source)]))),
        ]),
      )
    },
  }
}

module.exports = {
  babelrc: false,
  configFile: false,
  sourceType: "module",
  parserOpts: { plugins: ["typescript", "jsx"], attachComment: false },
  plugins: [moduleReferencesOnly],
}

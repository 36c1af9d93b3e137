// dist/node (gateway/build/node-bundle.ts) is built with STUDIO_BUNDLED defined; tsx and Bun run the sources, where it is not.
declare const STUDIO_BUNDLED: boolean | undefined

/**
 * True when this code runs from the esbuild bundle of the node: a worker
 * thread's entry is then the bundle's own (beside it in dist/node), not a
 * TypeScript file loaded through tsx.
 */
export const bundled: boolean = typeof STUDIO_BUNDLED !== "undefined"

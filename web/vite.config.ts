/**
 * The web apps' build: three entry points sharing one component library and
 * one client module, the facilitator console (`index.html`, served at `/`),
 * the participant app (`join.html`, served at `/join` and `/j/:code`) and
 * the journal (`journal.html`, served at `/journal`), so a participant's
 * phone never loads the console. The journal is also an installable app: a
 * service worker (`/journal-sw.js`, scope `/journal`, made by
 * vite-plugin-pwa's generateSW) precaches exactly the files the journal
 * needs, so it opens with no network, and never touches the other apps. Every asset is hashed,
 * and precompressed (brotli and gzip) for the gateway to serve as it is.
 * `npm run dev` serves them with hot reload, proxying /api and /live to a
 * node on STUDIO_DEV_TARGET (default http://127.0.0.1:8080).
 */
import { fileURLToPath } from "node:url"
import { defineConfig, type Plugin } from "vite"
import { VitePWA } from "vite-plugin-pwa"
import { compression } from "vite-plugin-compression2"
import solid from "vite-plugin-solid"

const here = fileURLToPath(new URL(".", import.meta.url))
const target = process.env["STUDIO_DEV_TARGET"] ?? "http://127.0.0.1:8080"

/** In `npm run dev`, the participant's and the journal's routes get their page as the gateway serves them (gateway/static/serve-web.ts). */
const participantRoutes: Plugin = {
  name: "studio-participant-routes",
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      if (request.url && /^\/(join(\/.*)?|j\/[^/?]+)(\?.*)?$/.test(request.url)) request.url = "/join.html"
      else if (request.url && /^\/journal(\/[^.?]*)?(\?.*)?$/.test(request.url)) request.url = "/journal.html"
      next()
    })
  },
}

/**
 * The files the journal needs offline: its page, every chunk its entry
 * reaches by static or dynamic import (translations included), their CSS
 * and assets, and its own public files (manifest, icons). Read from the
 * bundle as Rollup writes it, then used to filter Workbox's precache list.
 */
const journalOfflineFiles = () => {
  const files = new Set<string>()
  const plugin: Plugin = {
    name: "studio-journal-offline-files",
    apply: "build",
    generateBundle(_options, bundle) {
      files.clear()
      const entry = Object.values(bundle).find((item) => item.type === "chunk" && item.isEntry && item.facadeModuleId?.endsWith("/journal.html"))
      if (!entry) this.error("the journal's entry chunk (journal.html) is missing from the bundle")
      const visit = (name: string) => {
        const chunk = bundle[name]
        if (!chunk || files.has(name)) return
        files.add(name)
        if (chunk.type !== "chunk") return
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset)
        for (const next of [...chunk.imports, ...chunk.dynamicImports]) visit(next)
      }
      visit(entry.fileName)
    },
  }
  const onlyJournalFiles = async <E extends { url: string }>(entries: E[]) => ({
    manifest: entries.filter((entry) => entry.url === "journal.html" || entry.url.startsWith("journal/") || files.has(entry.url)),
    warnings: [],
  })
  return { plugin, onlyJournalFiles }
}

const offline = journalOfflineFiles()

export default defineConfig({
  root: here,
  base: "/",
  plugins: [
    // Static `style` props become runtime CSSOM writes instead of `style="..."` in Solid's
    // templates, so the gateway's CSP needs no 'unsafe-inline' for styles (gateway/static/).
    solid({ solid: { inlineStyles: false } as NonNullable<Parameters<typeof solid>[0]>["solid"] }),
    participantRoutes,
    offline.plugin,
    VitePWA({
      strategies: "generateSW",
      filename: "journal-sw.js",
      scope: "/journal",
      // Registered by the journal's own module (web/src/journal/service-worker.ts): no inline script, no tag on the other pages.
      injectRegister: false,
      // The manifest is a file of the journal's own (web/public/journal/), linked from journal.html only.
      manifest: false,
      includeManifestIcons: false,
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
        // Only what the journal needs: the console and the participant app stay out of its cache.
        manifestTransforms: [offline.onlyJournalFiles],
        navigateFallback: "/journal.html",
        navigateFallbackAllowlist: [/^\/journal(\/|$)/],
        inlineWorkboxRuntime: true,
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        sourcemap: false,
      },
    }),
    compression({ algorithms: ["gzip", "brotliCompress"], threshold: 512, include: /\.(js|css|html|svg|json|webmanifest)$/ }),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsDir: "assets",
    // The gateway's CSP allows scripts from 'self' only: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: { input: { console: `${here}index.html`, join: `${here}join.html`, journal: `${here}journal.html` } },
  },
  server: {
    proxy: {
      "/api": { target, changeOrigin: true },
      "/live": { target: target.replace(/^http/, "ws"), ws: true },
    },
  },
})

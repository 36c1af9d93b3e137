/**
 * The web apps' build: two entry points sharing one component library and
 * one client module, the facilitator console (`index.html`, served at `/`)
 * and the participant app (`join.html`, served at `/join` and `/j/:code`),
 * so a participant's phone never loads the console. Every asset is hashed,
 * and precompressed (brotli and gzip) for the gateway to serve as it is.
 * `npm run dev` serves them with hot reload, proxying /api and /live to a
 * node on STUDIO_DEV_TARGET (default http://127.0.0.1:8080).
 */
import { fileURLToPath } from "node:url"
import { defineConfig, type Plugin } from "vite"
import { compression } from "vite-plugin-compression2"
import solid from "vite-plugin-solid"

const here = fileURLToPath(new URL(".", import.meta.url))
const target = process.env["STUDIO_DEV_TARGET"] ?? "http://127.0.0.1:8080"

/** In `npm run dev`, the participant's routes get join.html as the gateway serves them (gateway/static/serve-web.ts). */
const participantRoutes: Plugin = {
  name: "studio-participant-routes",
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      if (request.url && /^\/(join(\/.*)?|j\/[^/?]+)(\?.*)?$/.test(request.url)) request.url = "/join.html"
      next()
    })
  },
}

export default defineConfig({
  root: here,
  base: "/",
  plugins: [
    // Static `style` props become runtime CSSOM writes instead of `style="..."` in Solid's
    // templates, so the gateway's CSP needs no 'unsafe-inline' for styles (gateway/static/).
    solid({ solid: { inlineStyles: false } as NonNullable<Parameters<typeof solid>[0]>["solid"] }),
    participantRoutes,
    compression({ algorithms: ["gzip", "brotliCompress"], threshold: 512, include: /\.(js|css|html|svg|json|webmanifest)$/ }),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsDir: "assets",
    // The gateway's CSP allows scripts from 'self' only: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: { input: { console: `${here}index.html`, join: `${here}join.html` } },
  },
  server: {
    proxy: {
      "/api": { target, changeOrigin: true },
      "/live": { target: target.replace(/^http/, "ws"), ws: true },
    },
  },
})

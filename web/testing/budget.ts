/**
 * What a page makes the browser download before it can run: the entry
 * script and every module the HTML preloads (Vite lists a page's static
 * imports as modulepreload links), gzipped as the gateway serves them.
 * Translations and screens loaded later (lazy routes) are not counted.
 */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { gzipSync } from "node:zlib"

export interface PageWeight {
  readonly page: string
  readonly files: ReadonlyArray<{ readonly file: string; readonly gzipBytes: number }>
  readonly gzipBytes: number
}

export const initialJavaScript = async (distDir: string, page: string): Promise<PageWeight> => {
  const html = await readFile(join(distDir, page), "utf8")
  const urls = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((match) => match[1]!)
  const files = await Promise.all(
    [...new Set(urls)].map(async (url) => ({ file: url, gzipBytes: gzipSync(await readFile(join(distDir, url))).byteLength })),
  )
  return { page, files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) }
}

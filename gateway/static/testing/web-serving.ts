/**
 * Helpers for the web-serving tests: a small fixture build, and raw HTTP(S)
 * requests that neither normalize the path (`fetch` resolves `..` before
 * sending) nor decode the body (`fetch` undoes br and gzip).
 */
import { mkdir, writeFile } from "node:fs/promises"
import { request as httpRequest, type IncomingHttpHeaders } from "node:http"
import { request as httpsRequest } from "node:https"
import { join } from "node:path"
import { brotliCompressSync, gzipSync } from "node:zlib"

export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
  readonly text: string
}

export const rawRequest = (
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; ca?: string } = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(base)
    const send = url.protocol === "https:" ? httpsRequest : httpRequest
    const req = send(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => {
          const body = Buffer.concat(chunks)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") })
        })
        res.on("error", reject)
      },
    )
    req.on("error", reject)
    req.end()
  })

/** What the fixture build holds, by URL path: the bytes of each file and of its encodings. */
export interface Fixture {
  readonly dir: string
  readonly index: string
  readonly join: string
  readonly journal: string
  readonly script: { readonly path: string; readonly body: Buffer; readonly br: Buffer; readonly gzip: Buffer }
  readonly style: { readonly path: string; readonly body: Buffer }
  readonly logo: { readonly path: string; readonly body: Buffer }
}

/** Writes a build the way Vite lays one out (hashed assets, .br/.gz beside the larger files, a stamp dot file). */
export const writeFixtureBuild = async (dir: string): Promise<Fixture> => {
  await mkdir(join(dir, "assets"), { recursive: true })
  await mkdir(join(dir, "journal"), { recursive: true })
  const script = { path: "/assets/console-Ab3dE_9z.js", body: Buffer.from(`export const greeting = ${JSON.stringify("hello ".repeat(200))}\n`) }
  const index = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Studio</title><script type="module" crossorigin src="${script.path}"></script><link rel="stylesheet" href="/assets/console-Zx81_QwE.css"></head><body><div id="app"></div>${"<!-- padding -->".repeat(40)}</body></html>`
  const joinPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Join · Studio</title><script type="module" crossorigin src="/assets/join-Qq12Ww34.js"></script></head><body><div id="app" data-app="join"></div></body></html>`
  const journalPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Journal · Studio</title><link rel="manifest" href="/journal/manifest.webmanifest"><script type="module" crossorigin src="/assets/journal-Jj12Kk34.js"></script></head><body><div id="app" data-app="journal"></div></body></html>`
  const style = { path: "/assets/console-Zx81_QwE.css", body: Buffer.from("body{margin:0}") }
  const logo = { path: "/assets/logo.svg", body: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`) }
  const br = brotliCompressSync(script.body)
  const gzip = gzipSync(script.body)
  const files: Array<[string, string | Buffer]> = [
    ["index.html", index],
    ["index.html.br", brotliCompressSync(Buffer.from(index))],
    ["index.html.gz", gzipSync(Buffer.from(index))],
    ["join.html", joinPage],
    [script.path.slice(1), script.body],
    [`${script.path.slice(1)}.br`, br],
    [`${script.path.slice(1)}.gz`, gzip],
    ["assets/join-Qq12Ww34.js", "export {}\n"],
    ["journal.html", journalPage],
    ["assets/journal-Jj12Kk34.js", "export {}\n"],
    ["journal-sw.js", "self.addEventListener('fetch', () => {})\n"],
    ["journal/manifest.webmanifest", `{"name":"Studio Journal","start_url":"/journal","scope":"/journal"}`],
    [style.path.slice(1), style.body],
    [logo.path.slice(1), logo.body],
    ["robots.txt", "User-agent: *\nDisallow:\n"],
    [".studio-build.json", `{"secret":"not part of the site"}`],
  ]
  for (const [name, content] of files) await writeFile(join(dir, name), content)
  return { dir, index, join: joinPage, journal: journalPage, script: { ...script, br, gzip }, style, logo }
}

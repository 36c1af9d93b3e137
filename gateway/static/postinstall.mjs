// `npm install`'s last step ("postinstall" in package.json): builds the web
// apps when they are missing or stale (gateway/static/build-web.ts). Plain
// JavaScript, so it runs before anything is known to work; it never fails the
// install: when the apps cannot be built here it says so in one line, and
// `npm start` tries again.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))
const result = spawnSync(process.execPath, ["--import", "tsx", "gateway/static/build-web.ts", "--postinstall"], {
  cwd: root,
  stdio: ["ignore", "inherit", "pipe"],
  encoding: "utf8",
})
if (result.status === 0) {
  if (result.stderr) process.stderr.write(result.stderr)
} else {
  const lines = `${result.error?.message ?? ""}\n${result.stderr ?? ""}`
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
  const why = lines.find((line) => /^(Error|error)\b|Cannot find/.test(line)) ?? lines[0] ?? `exit ${result.status ?? result.signal}`
  console.log(`studio: the web apps were not built during install (${why}); npm start will build them`)
}

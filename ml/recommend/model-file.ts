/**
 * Where the trained model lives: ${STUDIO_RECOMMEND_MODEL}, else
 * ${STUDIO_DATA_DIR:-./data}/ml/recommend-model.json. `npm run ml:train`
 * writes it (to a temporary file, then renamed, so a reader never sees half
 * of one); the node reads it at start and again whenever it changes.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises"
import { dirname, resolve } from "node:path"
import { TwoTowerScorer, type ModelFile } from "./scorer.ts"

export const modelPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.STUDIO_RECOMMEND_MODEL ? resolve(env.STUDIO_RECOMMEND_MODEL) : resolve(env.STUDIO_DATA_DIR || "./data", "ml", "recommend-model.json")

export const writeModel = async (path: string, model: ModelFile): Promise<void> => {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(model))
  await rename(temporary, path)
}

export type LoadedModel =
  | { readonly state: "loaded"; readonly scorer: TwoTowerScorer; readonly path: string; readonly trainedAt: string }
  | { readonly state: "missing"; readonly path: string }
  | { readonly state: "broken"; readonly path: string; readonly reason: string }

/**
 * Holds the model in memory and looks at the file's modification time at
 * most every `checkEveryMs` when asked, reloading it when it changed: a
 * retrain reaches a running node without a restart.
 */
export class ModelHolder {
  private current: LoadedModel
  /** The file's inode and modification time: a retrain renames a new file in, so the inode alone tells. */
  private version = ""
  private checkedAt = 0
  private checking: Promise<void> | undefined

  constructor(
    readonly path: string = modelPath(),
    private readonly checkEveryMs = 10_000,
    private readonly report: (line: string) => void = () => {},
  ) {
    this.current = { state: "missing", path }
  }

  async get(): Promise<LoadedModel> {
    if (Date.now() - this.checkedAt >= this.checkEveryMs) await (this.checking ??= this.check().finally(() => (this.checking = undefined)))
    return this.current
  }

  private async check(): Promise<void> {
    this.checkedAt = Date.now()
    const info = await stat(this.path).catch(() => undefined)
    if (!info) {
      this.current = { state: "missing", path: this.path }
      this.version = ""
      return
    }
    const version = `${info.ino}/${info.mtimeMs}`
    if (version === this.version) return
    this.version = version
    try {
      const model = JSON.parse(await readFile(this.path, "utf8")) as ModelFile
      this.current = { state: "loaded", scorer: new TwoTowerScorer(model), path: this.path, trainedAt: model.trainedAt }
      this.report(`recommendation model loaded from ${this.path} (trained ${model.trainedAt})`)
    } catch (error) {
      this.current = { state: "broken", path: this.path, reason: (error as Error).message }
      this.report(`recommendation model at ${this.path} cannot be used: ${(error as Error).message}`)
    }
  }
}

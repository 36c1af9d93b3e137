/**
 * Pictures as textures, loaded once and shared: card art (inert SVG from the
 * library, as a data: URL) and inline images. Loaded through an
 * HTMLImageElement from data: or same-site URLs only, which the page's CSP
 * allows (img-src 'self' data: blob:); pixi's Assets loader is not used
 * (its worker loads from a blob: script, which script-src 'self' forbids).
 * SVG is rasterized once at a size that stays sharp up to about 3x zoom on
 * a typical card, with mipmaps for zooming out.
 */
import { CanvasSource, ImageSource, Texture } from "pixi.js"

/** Longest side an SVG picture is rasterized at. */
const SVG_RASTER_SIZE = 768

export interface Picture {
  readonly texture: Texture
  readonly naturalW: number
  readonly naturalH: number
}

type Entry = { state: "loading"; promise: Promise<void> } | { state: "ready"; picture: Picture } | { state: "failed" }

/** Whether the page may load this address under its CSP: inline data, or a path on this site. */
export const loadableSource = (src: string): boolean => src.startsWith("data:") || (src.startsWith("/") && !src.startsWith("//"))

export const svgSource = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`

export class Pictures {
  readonly #entries = new Map<string, Entry>()
  readonly #onReady: (src: string) => void

  /** `onReady` is told when a picture finishes loading, so the elements showing it can be redrawn. */
  constructor(onReady: (src: string) => void) {
    this.#onReady = onReady
  }

  /** The picture when loaded; otherwise starts loading it and returns undefined. */
  get(src: string): Picture | undefined {
    const entry = this.#entries.get(src)
    if (entry?.state === "ready") return entry.picture
    if (!entry) this.#load(src)
    return undefined
  }

  failed(src: string): boolean {
    return this.#entries.get(src)?.state === "failed"
  }

  /** Resolves when every picture asked for so far has loaded or failed. */
  async settled(): Promise<void> {
    for (;;) {
      const loading = [...this.#entries.values()].flatMap((entry) => (entry.state === "loading" ? [entry.promise] : []))
      if (loading.length === 0) return
      await Promise.all(loading)
    }
  }

  destroy(): void {
    for (const entry of this.#entries.values()) if (entry.state === "ready") entry.picture.texture.destroy(true)
    this.#entries.clear()
  }

  #load(src: string): void {
    const promise = decode(src).then(
      (picture) => {
        if (this.#entries.get(src)?.state !== "loading") return picture.texture.destroy(true) // destroyed meanwhile
        this.#entries.set(src, { state: "ready", picture })
        this.#onReady(src)
      },
      () => {
        this.#entries.set(src, { state: "failed" })
        this.#onReady(src)
      },
    )
    this.#entries.set(src, { state: "loading", promise })
  }
}

const decode = async (src: string): Promise<Picture> => {
  const image = new Image()
  image.decoding = "async"
  image.src = src
  await image.decode()
  const naturalW = image.naturalWidth || SVG_RASTER_SIZE
  const naturalH = image.naturalHeight || SVG_RASTER_SIZE
  if (!src.startsWith("data:image/svg+xml")) {
    return {
      texture: new Texture({ source: new ImageSource({ resource: image, autoGenerateMipmaps: true, scaleMode: "linear" }) }),
      naturalW,
      naturalH,
    }
  }
  // An SVG is drawn at the size asked for, so rasterize it large once rather than at its nominal size.
  const scale = SVG_RASTER_SIZE / Math.max(naturalW, naturalH)
  const canvas = document.createElement("canvas")
  canvas.width = Math.max(1, Math.round(naturalW * scale))
  canvas.height = Math.max(1, Math.round(naturalH * scale))
  canvas.getContext("2d")!.drawImage(image, 0, 0, canvas.width, canvas.height)
  return {
    texture: new Texture({ source: new CanvasSource({ resource: canvas, autoGenerateMipmaps: true, scaleMode: "linear" }) }),
    naturalW,
    naturalH,
  }
}

/**
 * A picture from the member's device, made small enough to live inside the
 * canvas (an inline PNG or JPEG of at most MAX_IMAGE_SRC characters, so the
 * exports can draw it and nothing is fetched from elsewhere): scaled down
 * step by step until it fits.
 */
import { MAX_IMAGE_SRC } from "../../../actors/canvas/limits.ts"

export interface InlineImage {
  readonly src: string
  readonly width: number
  readonly height: number
}

const loadImage = (file: Blob): Promise<HTMLImageElement> =>
  new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file)
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => reject(new Error("not an image this browser can read"))
    image.src = url
  })

/** The picture as a data URL that fits the canvas's limit, or undefined when even a small one does not. */
export const inlineImage = async (file: Blob): Promise<InlineImage | undefined> => {
  const image = await loadImage(file)
  URL.revokeObjectURL(image.src)
  let longest = Math.min(1600, Math.max(image.naturalWidth, image.naturalHeight))
  while (longest >= 64) {
    const scale = longest / Math.max(image.naturalWidth, image.naturalHeight)
    const width = Math.max(1, Math.round(image.naturalWidth * scale))
    const height = Math.max(1, Math.round(image.naturalHeight * scale))
    const canvas = document.createElement("canvas")
    canvas.width = width
    canvas.height = height
    canvas.getContext("2d")!.drawImage(image, 0, 0, width, height)
    // Photos compress far better as JPEG; PNG keeps drawings with transparency crisp when they are small enough.
    for (const [type, quality] of [
      ["image/png", undefined],
      ["image/jpeg", 0.85],
      ["image/jpeg", 0.7],
    ] as const) {
      const src = canvas.toDataURL(type, quality)
      if (src.length <= MAX_IMAGE_SRC && src.startsWith(`data:${type};base64,`)) return { src, width, height }
    }
    longest = Math.floor(longest * 0.7)
  }
  return undefined
}

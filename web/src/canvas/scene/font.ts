/**
 * DejaVu Sans, the font the server's exports draw with (gateway/export/fonts.ts),
 * loaded from the same npm package as a same-site asset (font-src 'self'),
 * so text on screen has the same shapes and widths as in a PNG or PDF. The
 * scene waits for it before drawing any text: there is never a frame in a
 * fallback font.
 */
import dejavuUrl from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url"
import { FONT_FAMILY } from "../../../../actors/canvas/drawing.ts"

let loading: Promise<void> | undefined

export const loadCanvasFont = (): Promise<void> =>
  (loading ??= (async () => {
    const face = new FontFace(FONT_FAMILY, `url(${dejavuUrl})`)
    await face.load()
    document.fonts.add(face)
  })().catch((error: unknown) => {
    loading = undefined // a later canvas may try again (a network hiccup)
    throw new Error(`the canvas font did not load (${dejavuUrl}): ${error instanceof Error ? error.message : String(error)}`)
  }))

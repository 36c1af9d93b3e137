/**
 * A library card's picture placed inside the export's SVG as a nested <svg>
 * (resvg and svg-to-pdfkit both draw nested SVG as vectors; neither draws an
 * SVG given as an <image>). The library checked the markup is inert (no
 * scripts, handlers, foreign objects or external references), so it can be
 * inlined; its ids are prefixed so two cards' gradients or clip paths never
 * collide in one document.
 */
import type { Rect } from "../../actors/canvas/drawing.ts"

const num = (n: number) => (Math.round(n * 100) / 100).toString()

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1]

export const inlineCardSvg = (svg: string, box: Rect, idPrefix: string): string => {
  const open = /^<svg\b[^>]*>/.exec(svg.trimStart())
  if (!open) return ""
  const tag = open[0]
  const body = svg
    .trimStart()
    .slice(tag.length)
    .replace(/<\/svg>\s*$/, "")
  // Without a viewBox an SVG does not scale to the box: take it from its own width and height (300 x 150 is SVG's default size).
  const viewBox =
    attribute(tag, "viewBox") ?? `0 0 ${parseFloat(attribute(tag, "width") ?? "300") || 300} ${parseFloat(attribute(tag, "height") ?? "150") || 150}`
  const aspect = attribute(tag, "preserveAspectRatio") ?? "xMidYMid meet"
  const prefixed = body
    .replace(/\sid\s*=\s*(["'])([^"']+)\1/g, (_m, q: string, id: string) => ` id=${q}${idPrefix}${id}${q}`)
    .replace(/url\(\s*#([^)\s]+)\s*\)/g, (_m, id: string) => `url(#${idPrefix}${id})`)
    .replace(/(\s(?:xlink:)?href\s*=\s*["'])#/g, `$1#${idPrefix}`)
  return `<svg x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" viewBox="${viewBox}" preserveAspectRatio="${aspect}" overflow="hidden">${prefixed}</svg>`
}

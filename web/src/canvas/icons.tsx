/** The tools' pictures, drawn as inline SVG (no icon font, no emoji: they look the same on every device). */
import type { JSX } from "solid-js"

const icon = (body: JSX.Element, mirrored = false) => (
  <svg
    viewBox="0 0 24 24"
    width="22"
    height="22"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    class={mirrored ? "icon-mirrored" : undefined}
  >
    {body}
  </svg>
)

export const ICONS = {
  select: () => icon(<path d="M5 3l13 8-6 1.5L9 19z" />),
  hand: () =>
    icon(
      <path d="M8 13V5.5a1.5 1.5 0 013 0V11m0-1V4.5a1.5 1.5 0 013 0V11m0-.5V6.5a1.5 1.5 0 013 0V15a6 6 0 01-6 6h-1a6 6 0 01-5-2.7L3.5 14a1.5 1.5 0 012.4-1.8L8 14" />,
    ),
  sticky: () => icon(<path d="M4 4h16v11l-5 5H4zM15 20v-5h5" />),
  pen: () => icon(<path d="M4 20l4-1 11-11-3-3L5 16zM14 7l3 3" />),
  shape: () =>
    icon(
      <>
        <rect x="3" y="11" width="9" height="9" />
        <circle cx="16" cy="8" r="5" />
      </>,
    ),
  text: () => icon(<path d="M5 6V4h14v2M12 4v16M9 20h6" />),
  connector: () =>
    icon(
      <>
        <circle cx="5" cy="18" r="2" />
        <circle cx="19" cy="6" r="2" />
        <path d="M7 16L17 8" />
      </>,
    ),
  image: () =>
    icon(
      <>
        <rect x="3" y="5" width="18" height="14" rx="2" />
        <circle cx="9" cy="10" r="2" />
        <path d="M21 17l-6-6-9 8" />
      </>,
    ),
  // Undo points back the way text reads: right to left, it turns around.
  undo: () => icon(<path d="M9 14L4 9l5-5M4 9h10a6 6 0 010 12h-3" />, true),
  redo: () => icon(<path d="M15 14l5-5-5-5M20 9H10a6 6 0 000 12h3" />, true),
} as const

/** A QR code drawn as SVG in the page (no image request, nothing inline to break the CSP). */
import { renderSVG } from "uqr"

export const QrCode = (props: { readonly value: string; readonly label: string; readonly size?: number }) => (
  <div
    class="qr"
    role="img"
    aria-label={props.label}
    style={{ "inline-size": `${props.size ?? 160}px` }}
    innerHTML={renderSVG(props.value, { border: 1 })}
  />
)

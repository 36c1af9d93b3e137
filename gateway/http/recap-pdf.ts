/**
 * The recap as a PDF, with pdfkit. Byte-stable: the creation and
 * modification dates and every metadata field come from the session (its
 * recorded times), and pdfkit derives the file id from them, so the same
 * recap always renders the same bytes. Text uses the built-in Helvetica,
 * which covers Western European characters; others print as pdfkit maps them.
 */
import PDFDocument from "pdfkit"
import type { Recap } from "../../actors/session/recap.ts"

const INK = "#1f2933"
const MUTED = "#616e7c"

const when = (iso: string | null) => (iso === null ? "-" : iso.replace("T", " ").replace(/:\d\d\.\d{3}Z$/, " UTC"))

export const renderRecapPdf = (recap: Recap): Promise<Buffer> => {
  const created = new Date(recap.session.createdAt ?? 0)
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    compress: true,
    info: {
      Title: `Recap: ${recap.session.title}`,
      Author: "Studio",
      Subject: `Session ${recap.session.id}`,
      Keywords: "studio recap",
      Creator: "Studio",
      Producer: "Studio",
      CreationDate: created,
      ModDate: new Date(recap.session.endedAt ?? recap.session.createdAt ?? 0),
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk))
    doc.on("end", () => resolve(Buffer.concat(chunks)))
    doc.on("error", reject)
  })

  const heading = (text: string) => doc.moveDown(0.8).fillColor(INK).font("Helvetica-Bold").fontSize(13).text(text).moveDown(0.3)
  const line = (text: string, muted = false) =>
    doc
      .fillColor(muted ? MUTED : INK)
      .font("Helvetica")
      .fontSize(10)
      .text(text)
  const none = (items: readonly unknown[], what: string) => items.length === 0 && line(`No ${what}.`, true)

  doc.fillColor(INK).font("Helvetica-Bold").fontSize(20).text(recap.session.title)
  const journey = recap.session.journey ? `${recap.session.journey.title} (version ${recap.session.journey.version})` : "no journey"
  line(
    `${journey} - started ${when(recap.session.createdAt)}, ended ${when(recap.session.endedAt)}${recap.session.minutes === null ? "" : `, ${recap.session.minutes} min`}`,
    true,
  )

  heading("Attendance")
  none(recap.attendance, "participants")
  for (const person of recap.attendance) {
    line(
      `${person.name}: joined ${when(person.joinedAt)}${person.leftAt ? `, left ${when(person.leftAt)}` : ""}${person.removed ? " (removed)" : ""}`,
    )
  }
  if (recap.session.coFacilitators.length > 0)
    line(`Co-facilitators: ${recap.session.coFacilitators.map((co) => `${co.name} (${co.powers.join(", ")})`).join("; ")}`, true)

  heading("Timeline")
  none(recap.timeline, "phases reached")
  for (const step of recap.timeline) line(`${when(step.at)}  ${step.phase ?? "Lobby"}${step.activityTitle ? ` - ${step.activityTitle}` : ""}`)

  heading("Cards")
  none(recap.draws, "cards drawn")
  for (const draw of recap.draws)
    line(`${when(draw.at)}  ${draw.count} card(s) from ${draw.deck}${draw.faceDown ? ", face down" : `: ${draw.cards.join(", ")}`}`)
  for (const pick of recap.picks) line(`${pick.name} chose "${pick.word}"${pick.revealed ? "" : " (not revealed to the group)"}`)

  heading("Polls")
  none(recap.polls, "polls")
  for (const poll of recap.polls) {
    doc
      .fillColor(INK)
      .font("Helvetica-Bold")
      .fontSize(10)
      .text(`${poll.question}${poll.anonymous ? " (anonymous)" : ""} - ${poll.voters} voter(s)`)
    for (const option of poll.options) line(`   ${option.label}: ${option.count === null ? "results not shown" : option.count}`)
  }

  if (recap.breakouts) {
    heading("Breakouts")
    for (const room of recap.breakouts.rooms) line(`${room.name}: ${room.members.join(", ") || "empty"}`)
  }

  doc.end()
  return done
}

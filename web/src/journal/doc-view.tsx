/**
 * A journal document drawn as elements (headings, paragraphs, lists,
 * quotes, checks; bold, italic, code, links), built node by node from the
 * document: no HTML string is ever parsed, so an entry cannot inject markup.
 * Links open only https:// addresses, in a new tab, without a referrer.
 * Each block and list reads in the direction of its own words (`dir="auto"`):
 * a Hebrew line in an English entry runs right to left, and the other way.
 */
import { For, Match, Switch, type JSX } from "solid-js"
import type { Block, Doc, Mark } from "../../../actors/journal/rich-text.ts"

/** Consecutive list blocks of one kind become one list. */
type Group = { readonly kind: "bullet" | "numbered" | "check"; readonly items: Block[] } | { readonly kind: "single"; readonly block: Block }

const group = (doc: Doc): Group[] => {
  const groups: Group[] = []
  for (const block of doc) {
    const last = groups.at(-1)
    if (block.type === "bullet" || block.type === "numbered" || block.type === "check") {
      if (last && last.kind === block.type) last.items.push(block)
      else groups.push({ kind: block.type, items: [block] })
    } else groups.push({ kind: "single", block })
  }
  return groups
}

const SAFE_HREF = /^https:\/\/\S+$/

/** The text between `from` and `to` with the marks inside it, nested as they nest. */
const inline = (text: string, marks: readonly Mark[], from: number, to: number): JSX.Element[] => {
  const out: JSX.Element[] = []
  let at = from
  for (let k = 0; k < marks.length; k++) {
    const mark = marks[k]!
    if (mark.start < at) continue // crosses a mark already drawn: its words are drawn there
    const nested: Mark[] = []
    while (k + 1 < marks.length && marks[k + 1]!.start < mark.end) nested.push(marks[++k]!)
    if (mark.start > at) out.push(text.slice(at, mark.start))
    const inner = inline(
      text,
      nested.filter((m) => m.end <= mark.end),
      mark.start,
      mark.end,
    )
    switch (mark.type) {
      case "bold":
        out.push(<strong>{inner}</strong>)
        break
      case "italic":
        out.push(<em>{inner}</em>)
        break
      case "code":
        out.push(<code>{text.slice(mark.start, mark.end)}</code>)
        break
      case "link":
        out.push(
          mark.href && SAFE_HREF.test(mark.href) ? (
            <a href={mark.href} target="_blank" rel="noopener noreferrer">
              {inner}
            </a>
          ) : (
            <span>{inner}</span>
          ),
        )
        break
    }
    at = mark.end
  }
  if (to > at) out.push(text.slice(at, to))
  return out
}

const Inline = (props: { readonly block: Block }) => (
  <>
    {inline(
      props.block.text,
      [...(props.block.marks ?? [])].sort((a, b) => a.start - b.start || b.end - a.end),
      0,
      props.block.text.length,
    )}
  </>
)

const Single = (props: { readonly block: Block }) => (
  <Switch
    fallback={
      <p dir="auto">
        <Inline block={props.block} />
      </p>
    }
  >
    <Match when={props.block.type === "heading" && props.block.level === 1}>
      <h2 dir="auto">
        <Inline block={props.block} />
      </h2>
    </Match>
    <Match when={props.block.type === "heading" && props.block.level === 2}>
      <h3 dir="auto">
        <Inline block={props.block} />
      </h3>
    </Match>
    <Match when={props.block.type === "heading"}>
      <h4 dir="auto">
        <Inline block={props.block} />
      </h4>
    </Match>
    <Match when={props.block.type === "quote"}>
      <blockquote dir="auto">
        <Inline block={props.block} />
      </blockquote>
    </Match>
  </Switch>
)

export const DocView = (props: { readonly doc: Doc; readonly label?: string }) => (
  <div class="journal-doc" role="document" aria-label={props.label}>
    <For each={group(props.doc)}>
      {(item) => (
        <Switch>
          <Match when={item.kind === "single" && item}>{(single) => <Single block={single().block} />}</Match>
          <Match when={item.kind === "numbered" && item}>
            {(list) => (
              <ol dir="auto">
                <For each={list().items}>
                  {(block) => (
                    <li>
                      <Inline block={block} />
                    </li>
                  )}
                </For>
              </ol>
            )}
          </Match>
          <Match when={item.kind === "check" && item}>
            {(list) => (
              <ul class="journal-doc-checks" dir="auto">
                <For each={list().items}>
                  {(block) => (
                    <li>
                      <span aria-hidden="true">{block.checked ? "☑" : "☐"} </span>
                      <Inline block={block} />
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
          <Match when={item.kind === "bullet" && item}>
            {(list) => (
              <ul dir="auto">
                <For each={list().items}>
                  {(block) => (
                    <li>
                      <Inline block={block} />
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
        </Switch>
      )}
    </For>
  </div>
)

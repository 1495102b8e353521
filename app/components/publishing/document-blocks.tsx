// The blocks of the export document model (core/export/model.ts) as React: how the public page shows
// a version's sections. Text is always text (React escapes it); links keep only the schemes the
// model allows; footnotes are numbered per section and listed after it, with links both ways.
import type { ReactNode } from "react";
import type { Block, Inline } from "../../../core/export/model";

interface Props {
  /** Prefix of the footnotes' ids, unique on the page. */
  idPrefix: string;
  blocks: Block[];
  footnotesLabel: string;
}

export function DocumentBlocks({ idPrefix, blocks, footnotesLabel }: Props) {
  const notes: string[] = [];
  const content = blocks.map((block, i) => renderBlock(block, `${i}`, idPrefix, notes));
  return (
    <>
      {content}
      {notes.length > 0 && (
        <aside aria-label={footnotesLabel} className="public-footnotes">
          <ol>
            {notes.map((text, i) => (
              <li key={i} id={`${idPrefix}-note-${i + 1}`}>
                {text} <a href={`#${idPrefix}-ref-${i + 1}`}>↩</a>
              </li>
            ))}
          </ol>
        </aside>
      )}
    </>
  );
}

function renderInlines(inlines: Inline[], idPrefix: string, notes: string[]): ReactNode[] {
  return inlines.map((inline, i) => {
    if (inline.kind === "break") return <br key={i} />;
    if (inline.kind === "footnote") {
      notes.push(inline.text);
      const n = notes.length;
      return (
        <sup key={i} id={`${idPrefix}-ref-${n}`}>
          <a href={`#${idPrefix}-note-${n}`}>{n}</a>
        </sup>
      );
    }
    let node: ReactNode = inline.text;
    if (inline.bold) node = <strong>{node}</strong>;
    if (inline.italic) node = <em>{node}</em>;
    if (inline.strike) node = <s>{node}</s>;
    if (inline.href && /^(https?:|mailto:)/i.test(inline.href)) {
      node = (
        <a href={inline.href} rel="noopener noreferrer nofollow">
          {node}
        </a>
      );
    }
    return <span key={i}>{node}</span>;
  });
}

function renderBlock(block: Block, key: string, idPrefix: string, notes: string[]): ReactNode {
  const inlines = (content: Inline[]) => renderInlines(content, idPrefix, notes);
  switch (block.kind) {
    case "heading": {
      // Inside a section (an h2 on the page), its own headings start at h3.
      const Tag = (["h3", "h3", "h4", "h5"] as const)[block.level - 1]!;
      return <Tag key={key}>{inlines(block.content)}</Tag>;
    }
    case "paragraph":
      return <p key={key}>{inlines(block.content)}</p>;
    case "list": {
      const items = block.items.map((item, i) => (
        <li key={i}>{item.map((b, j) => renderBlock(b, `${key}.${i}.${j}`, idPrefix, notes))}</li>
      ));
      return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    case "quote":
      return (
        <blockquote key={key}>
          {block.blocks.map((b, i) => renderBlock(b, `${key}.${i}`, idPrefix, notes))}
        </blockquote>
      );
    case "rule":
      return <hr key={key} />;
    case "table": {
      const { rows, headerRows, caption } = block.table;
      return (
        <div key={key} className="public-table">
          <table>
            {caption && <caption>{caption}</caption>}
            {headerRows > 0 && (
              <thead>
                {rows.slice(0, headerRows).map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, c) => (
                      <th key={c} scope="col">
                        {inlines(cell)}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
            )}
            <tbody>
              {rows.slice(headerRows).map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{inlines(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
  }
}

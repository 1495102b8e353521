// Shows the small Markdown the minutes use (headings, lists, paragraphs, _emphasis_, <links>) as
// React elements: no HTML from the text is ever interpreted, so typed text cannot inject markup.
import { Fragment, type ReactNode } from "react";

const ESCAPED = /\\([\\`*_{}[\]()#+\-.!|<>])/g;

function inline(text: string, key: string): ReactNode[] {
  const parts: ReactNode[] = [];
  // Autolinks <https://…> and _emphasis_ (not preceded by a backslash).
  const pattern = /<(https?:\/\/[^\s>]+)>|(?<!\\)_(.+?)(?<!\\)_/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at).replace(ESCAPED, "$1"));
    if (match[1]) {
      parts.push(
        <a key={`${key}-${at}`} href={match[1]} rel="noopener noreferrer">
          {match[1]}
        </a>,
      );
    } else {
      parts.push(<em key={`${key}-${at}`}>{match[2]!.replace(ESCAPED, "$1")}</em>);
    }
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last).replace(ESCAPED, "$1"));
  return parts;
}

type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "list"; ordered: boolean; items: { text: string; children: string[] }[] }
  | { kind: "paragraph"; lines: string[] };

function blocks(markdown: string): Block[] {
  const result: Block[] = [];
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^(-|\d+\.)\s+(.*)$/.exec(line);
    const child = /^\s{2,}-\s+(.*)$/.exec(line);
    const previous = result.at(-1);
    if (line.trim() === "") {
      result.push({ kind: "paragraph", lines: [] });
    } else if (heading) {
      result.push({ kind: "heading", level: heading[1]!.length, text: heading[2]! });
    } else if (child && previous?.kind === "list" && previous.items.length > 0) {
      previous.items.at(-1)!.children.push(child[1]!);
    } else if (item) {
      const ordered = item[1] !== "-";
      if (previous?.kind === "list" && previous.ordered === ordered) {
        previous.items.push({ text: item[2]!, children: [] });
      } else result.push({ kind: "list", ordered, items: [{ text: item[2]!, children: [] }] });
    } else if (previous?.kind === "paragraph") {
      previous.lines.push(line);
    } else {
      result.push({ kind: "paragraph", lines: [line] });
    }
  }
  return result.filter((b) => b.kind !== "paragraph" || b.lines.length > 0);
}

/** `headingOffset` shifts levels so that the document's "#" sits under the page's own h1. */
export function MarkdownView({
  markdown,
  headingOffset = 1,
}: {
  markdown: string;
  headingOffset?: number;
}) {
  return (
    <div className="markdown">
      {blocks(markdown).map((block, i) => {
        const key = `b${i}`;
        if (block.kind === "heading") {
          const level = Math.min(6, block.level + headingOffset);
          const Tag = `h${level}` as "h2";
          return <Tag key={key}>{inline(block.text, key)}</Tag>;
        }
        if (block.kind === "list") {
          const List = block.ordered ? "ol" : "ul";
          return (
            <List key={key}>
              {block.items.map((item, j) => (
                <li key={j}>
                  {inline(item.text, `${key}-${j}`)}
                  {item.children.length > 0 && (
                    <ul>
                      {item.children.map((c, k) => (
                        <li key={k}>{inline(c, `${key}-${j}-${k}`)}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </List>
          );
        }
        return (
          <p key={key}>
            {block.lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 && <br />}
                {inline(line.replace(/\s{2,}$/, ""), `${key}-${j}`)}
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}

// A pact section as Markdown and back (issue 6): the import format of `PUT /pacts/:id/sections/:key`,
// the read format of `GET /pacts/:id`, and what a version stores and hashes. Round trips are
// lossless for what a section holds: headings 2–4, paragraphs, bold, italic, strike, links, nested
// lists, GFM tables, footnotes (`text[^1]` and `[^1]: note` at the end), hard breaks, blockquotes
// and horizontal rules. Raw HTML is text, never markup. A live block is written as the table of
// objectives and actions it shows; read back, that table stays a plain table (never a live block).
import type { JSONContent } from "@tiptap/core";
import type { Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import type Token from "markdown-it/lib/token.mjs";
import {
  MarkdownParser,
  MarkdownSerializer,
  type MarkdownSerializerState,
} from "prosemirror-markdown";
import { PACT_HEADING_LEVELS, pactSchema } from "./extensions";
import { expandLiveBlocks, type LiveBlockResolver } from "./live-block";

export interface SectionToMarkdownOptions {
  /**
   * What to do with pending tracked changes. `accepted-text` (the default) writes the text as it
   * stands before the pending proposals: proposed insertions left out, proposed deletions kept.
   * `as-is` writes every character the section holds, insertions and deletions alike, without
   * telling them apart (Markdown has no mark for them).
   */
  suggestions?: "as-is" | "accepted-text";
  /**
   * The data of the section's live blocks, by meeting: each block is written as a table of its
   * meeting's objectives and actions (core/pact/live-block.ts). A block it cannot resolve (or every
   * block, without it) is written as a sentence saying it could not be read.
   */
  liveBlocks?: LiveBlockResolver;
}

/** A section's Markdown as a ProseMirror document (JSON) in the pact schema. */
export function markdownToSection(markdown: string): JSONContent {
  const first = readSection(markdown);
  // A few emphasis runs can be read but not written back the same way (the writer nests `*` and
  // `**` one way only, and `***uno**!*` comes out as `***uno****!*`): the section is then what the
  // writer's own Markdown reads as, so that writing and reading it again changes nothing.
  const again = readSection(sectionToMarkdown(first));
  return JSON.stringify(again) === JSON.stringify(first) ? first : again;
}

function readSection(markdown: string): JSONContent {
  const doc = parser().parse(markdown.replace(/\r\n?/g, "\n"), { footnotes: {} });
  return normalizeSection(doc).toJSON() as JSONContent;
}

/** A section's document as Markdown, footnotes numbered in order of citation at the end. */
export function sectionToMarkdown(
  doc: JSONContent,
  options: SectionToMarkdownOptions = {},
): string {
  const schema = pactSchema();
  const resolved = resolveSuggestions(
    expandLiveBlocks(doc, options.liveBlocks),
    options.suggestions ?? "accepted-text",
  );
  const node = normalizeSection(schema.nodeFromJSON(resolved));
  const footnotes: string[] = [];
  const body = serializer(footnotes).serialize(node, { tightLists: true });
  const notes = footnotes.map((text, i) => `[^${i + 1}]: ${escapeInline(text)}`).join("\n");
  return [body.trim(), notes].filter((part) => part !== "").join("\n\n");
}

// --- Pending suggestions ---------------------------------------------------------------------

function resolveSuggestions(doc: JSONContent, mode: "as-is" | "accepted-text"): JSONContent {
  const visit = (node: JSONContent): JSONContent | null => {
    const marks = node.marks ?? [];
    if (mode === "accepted-text" && marks.some((m) => m.type === "insertion")) return null;
    const kept = marks.filter((m) => m.type !== "insertion" && m.type !== "deletion");
    const next: JSONContent = { ...node };
    if (node.marks) next.marks = kept;
    if (node.content)
      next.content = node.content.map(visit).filter((n): n is JSONContent => n !== null);
    return next;
  };
  return visit(doc) ?? { type: "doc", content: [] };
}

// --- Normal form -------------------------------------------------------------------------------

/**
 * What Markdown cannot hold, taken out on both sides so that a document read from Markdown writes
 * back the same Markdown: whitespace at the start or end of a line, hard breaks ending a block,
 * empty text blocks (except a table cell's), heading levels outside 2–4.
 */
function normalizeSection(doc: ProseMirrorNode): ProseMirrorNode {
  const schema = doc.type.schema;
  const rebuild = (
    node: ProseMirrorNode,
    parent: ProseMirrorNode | null,
    index: number,
  ): ProseMirrorNode | null => {
    if (node.type.name === "table") return normalizeTable(node);
    if (node.type.name === "footnote")
      return node.type.create({ text: plainNote(String(node.attrs.text ?? "")) }, null, node.marks);
    if (node.isTextblock) {
      const inline = trimLines(node, schema);
      // A list item must start with a paragraph, even an empty one.
      const keepEmpty = parent?.type.name === "listItem" && index === 0;
      if (inline.length === 0 && !keepEmpty) return null;
      const attrs =
        node.type.name === "heading"
          ? { ...node.attrs, level: clampHeading(Number(node.attrs.level)) }
          : node.attrs;
      return node.type.create(attrs, inline, node.marks);
    }
    if (node.isLeaf || node.isInline) return node;
    const children: ProseMirrorNode[] = [];
    node.forEach((child, _, i) => {
      const next = rebuild(child, node, i);
      if (next) children.push(next);
    });
    // An empty line before a list item's text is not kept in Markdown.
    if (
      node.type.name === "listItem" &&
      children[0]?.content.size === 0 &&
      children[1]?.type.name === "paragraph"
    )
      children.shift();
    return node.type.createAndFill(node.attrs, children, node.marks);
  };
  return rebuild(doc, null, 0) ?? schema.topNodeType.createAndFill()!;
}

/** A footnote's text on one line, as its definition line holds it. */
function plainNote(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * A GFM table: a header row then body rows, all as wide as the widest; one line of text per cell;
 * alignment per column (the header's); no spans or widths.
 */
function normalizeTable(table: ProseMirrorNode): ProseMirrorNode | null {
  const schema = table.type.schema;
  const rows: ProseMirrorNode[] = [];
  table.forEach((row) => rows.push(row));
  const columns = Math.max(0, ...rows.map((row) => row.childCount));
  if (rows.length === 0 || columns === 0) return null;
  const header = rows[0]!;
  const aligns = Array.from({ length: columns }, (_, c) =>
    c < header.childCount ? ((header.child(c).attrs.align as string | null) ?? null) : null,
  );
  const cell = (r: number, c: number) => {
    const type = r === 0 ? schema.nodes.tableHeader! : schema.nodes.tableCell!;
    const source = c < rows[r]!.childCount ? rows[r]!.child(c) : null;
    const inline: ProseMirrorNode[] = [];
    source?.descendants((node) => {
      if (!node.isTextblock) return true;
      const line = trimLines(node, schema).flatMap((child) =>
        child.type.name === "hardBreak" ? [schema.text(" ")] : [child],
      );
      if (line.length === 0) return false;
      if (inline.length > 0) inline.push(schema.text(" "));
      inline.push(...line);
      return false;
    });
    const paragraph = schema.nodes.paragraph!.create(null, mergeText(inline));
    return type.create({ align: aligns[c] }, paragraph);
  };
  return table.type.create(
    table.attrs,
    rows.map((row, r) =>
      row.type.create(
        row.attrs,
        Array.from({ length: columns }, (_, c) => cell(r, c)),
      ),
    ),
  );
}

function clampHeading(level: number): number {
  const min = Math.min(...PACT_HEADING_LEVELS);
  const max = Math.max(...PACT_HEADING_LEVELS);
  return Number.isFinite(level) ? Math.min(max, Math.max(min, level)) : min;
}

/**
 * A text block's inline nodes without whitespace at line edges, empty lines at its start or end,
 * or marks on hard breaks; a heading (one line in Markdown) has spaces for its breaks.
 */
function trimLines(block: ProseMirrorNode, schema: Schema): ProseMirrorNode[] {
  const lines: ProseMirrorNode[][] = [[]];
  block.forEach((child) => {
    if (child.type.name === "hardBreak") lines.push([]);
    else if (child.isText && /\n/.test(child.text!)) {
      // A newline inside text (pasted, or from Yjs) is a line break in Markdown.
      child.text!.split("\n").forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1]!.push(schema.text(part, child.marks));
      });
    } else lines[lines.length - 1]!.push(child);
  });
  const trimmed = lines.map((line) => trimLine(line, schema));
  while (trimmed.length > 1 && trimmed[trimmed.length - 1]!.length === 0) trimmed.pop();
  while (trimmed.length > 1 && trimmed[0]!.length === 0) trimmed.shift();
  const oneLine = block.type.name === "heading";
  const out: ProseMirrorNode[] = [];
  trimmed.forEach((line, i) => {
    if (i > 0) out.push(oneLine ? schema.text(" ") : schema.nodes.hardBreak!.create());
    out.push(...line);
  });
  return mergeText(expelSpaces(mergeText(out.map((node) => unmarkBlank(node, schema))), schema));
}

/**
 * Emphasis cannot start or end on a space in Markdown (`** a**` is not bold): spaces at the edge of
 * an emphasised run move out of it, as the Markdown writer puts them.
 */
function expelSpaces(nodes: ProseMirrorNode[], schema: Schema): ProseMirrorNode[] {
  return nodes.flatMap((node, i) => {
    if (!node.isText) return [node];
    const emphasis = node.marks.filter((m) => EMPHASIS.has(m.type.name));
    if (emphasis.length === 0) return [node];
    const previous = nodes[i - 1];
    const next = nodes[i + 1];
    const [, lead = "", body = "", trail = ""] = /^(\s*)(.*?)(\s*)$/s.exec(node.text!) ?? [];
    // Marks outside `mark` in `a` that `b` lacks: a link there opens or closes around it.
    const outerOnlyIn = (a: ProseMirrorNode, b: ProseMirrorNode, mark: Mark) =>
      a.marks
        .slice(
          0,
          a.marks.findIndex((m) => m.eq(mark)),
        )
        .some((outer) => !EMPHASIS.has(outer.type.name) && !outer.isInSet(b.marks));
    // Emphasis runs on into a neighbour that has it too, unless a link on either side opens or
    // closes around it there (the writer then reopens it inside the link).
    const continues = (mark: Mark, neighbour: ProseMirrorNode | undefined) =>
      neighbour !== undefined &&
      mark.isInSet(neighbour.marks) &&
      !outerOnlyIn(neighbour, node, mark) &&
      !outerOnlyIn(node, neighbour, mark);
    // An expelled space goes out past the links that open or close at that edge too.
    const without = (neighbour: ProseMirrorNode | undefined) => {
      const expelled = node.marks.some(
        (m) => EMPHASIS.has(m.type.name) && !continues(m, neighbour),
      );
      return node.marks.filter((m) =>
        EMPHASIS.has(m.type.name)
          ? continues(m, neighbour)
          : !expelled || (neighbour !== undefined && m.isInSet(neighbour.marks)),
      );
    };
    const out: ProseMirrorNode[] = [];
    if (lead) out.push(schema.text(lead, without(previous)));
    if (body) out.push(schema.text(body, node.marks));
    if (trail) out.push(schema.text(trail, without(next)));
    return out;
  });
}

const EMPHASIS = new Set(["bold", "italic", "strike"]);

/** Emphasis on nothing but spaces cannot be written in Markdown: the spaces stay, plain. */
function unmarkBlank(node: ProseMirrorNode, schema: Schema): ProseMirrorNode {
  if (!node.isText || /\S/.test(node.text!) || !node.marks.some((m) => EMPHASIS.has(m.type.name)))
    return node;
  return schema.text(
    node.text!,
    node.marks.filter((m) => !EMPHASIS.has(m.type.name)),
  );
}

function trimLine(line: ProseMirrorNode[], schema: Schema): ProseMirrorNode[] {
  const out = [...line];
  for (let first = out[0]; first?.isText; first = out[0]) {
    const text = first.text!.replace(/^\s+/, "");
    if (text) {
      out[0] = schema.text(text, first.marks);
      break;
    }
    out.shift();
  }
  while (out.length > 0 && out[out.length - 1]!.isText) {
    const last = out[out.length - 1]!;
    const text = last.text!.replace(/\s+$/, "");
    if (text) {
      out[out.length - 1] = schema.text(text, last.marks);
      break;
    }
    out.pop();
  }
  return out;
}

function mergeText(nodes: ProseMirrorNode[]): ProseMirrorNode[] {
  const out: ProseMirrorNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (last && last.isText && node.isText && last.sameMarkup(node))
      out[out.length - 1] = node.type.schema.text(last.text! + node.text!, node.marks);
    else out.push(node);
  }
  return out;
}

// --- Reading Markdown --------------------------------------------------------------------------

interface FootnoteEnv {
  footnotes: Record<string, string>;
}

let cachedParser: MarkdownParser | null = null;

function parser(): MarkdownParser {
  if (cachedParser) return cachedParser;
  const schema = pactSchema();
  const cellAttrs = (token: Token) => {
    const style = token.attrGet("style") ?? "";
    const align = /text-align:\s*(left|center|right)/.exec(style)?.[1] ?? null;
    return { align };
  };
  cachedParser = new MarkdownParser(schema, markdownReader(), {
    blockquote: { block: "blockquote" },
    paragraph: { block: "paragraph" },
    list_item: { block: "listItem" },
    bullet_list: { block: "bulletList" },
    ordered_list: {
      block: "orderedList",
      getAttrs: (token) => {
        const start = Number(token.attrGet("start") ?? 1);
        return { start: Number.isFinite(start) ? start : 1 };
      },
    },
    heading: {
      block: "heading",
      getAttrs: (token) => ({ level: clampHeading(Number(token.tag.slice(1))) }),
    },
    hr: { node: "horizontalRule" },
    hardbreak: { node: "hardBreak" },
    table: { block: "table" },
    thead: { ignore: true },
    tbody: { ignore: true },
    tr: { block: "tableRow" },
    th: { block: "tableHeader", getAttrs: cellAttrs },
    td: { block: "tableCell", getAttrs: cellAttrs },
    footnote_ref: {
      node: "footnote",
      getAttrs: (token) => ({ text: String((token.meta as { text: string }).text) }),
    },
    em: { mark: "italic" },
    strong: { mark: "bold" },
    s: { mark: "strike" },
    link: {
      mark: "link",
      getAttrs: (token) => ({
        href: token.attrGet("href"),
        title: token.attrGet("title") || null,
      }),
    },
  });
  return cachedParser;
}

const LINK_PROTOCOL = /^(https?:|mailto:)/i;

/** markdown-it with what a section holds: no raw HTML, no code, no images; tables and footnotes. */
function markdownReader(): MarkdownIt {
  const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false });
  md.disable(["code", "fence", "html_block", "backticks", "html_inline", "image"]);
  // Links keep their address exactly as written (the editor's own links are never re-encoded),
  // and only the protocols the editor accepts make a link.
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (url) => url;
  md.validateLink = (url) => LINK_PROTOCOL.test(url.trim());
  md.block.ruler.before("reference", "footnote_definition", footnoteDefinition, {
    alt: ["paragraph", "reference"],
  });
  md.inline.ruler.before("link", "footnote_reference", footnoteReference);
  md.core.ruler.after("inline", "table_cell_paragraphs", tableCellParagraphs);
  return md;
}

const FOOTNOTE_DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]?(.*)$/;

function footnoteDefinition(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const lineText = (line: number) =>
    state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
  const match = FOOTNOTE_DEFINITION.exec(lineText(startLine));
  if (!match) return false;
  if (silent) return true;
  const lines = [match[2]!];
  let next = startLine + 1;
  // The note goes on until a blank line or the next note.
  while (next < endLine) {
    const text = lineText(next);
    if (text.trim() === "" || FOOTNOTE_DEFINITION.test(text)) break;
    lines.push(text);
    next++;
  }
  const env = state.env as FootnoteEnv;
  env.footnotes ??= {};
  env.footnotes[match[1]!] ??= lines.join("\n");
  state.line = next;
  return true;
}

function footnoteReference(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b || state.src.charCodeAt(state.pos + 1) !== 0x5e)
    return false;
  const match = /^\[\^([^\]\s]+)\]/.exec(state.src.slice(state.pos, state.posMax));
  const definitions = (state.env as Partial<FootnoteEnv>).footnotes;
  if (!match || !definitions || !Object.hasOwn(definitions, match[1]!)) return false;
  if (!silent) {
    const token = state.push("footnote_ref", "", 0);
    token.meta = { text: plainInline(state.md, definitions[match[1]!]!) };
  }
  state.pos += match[0].length;
  return true;
}

/** A footnote holds plain text: its Markdown read as inline text, formatting dropped. */
function plainInline(md: MarkdownIt, markdown: string): string {
  const tokens = md.parseInline(markdown, { footnotes: {} })[0]?.children ?? [];
  const text = tokens
    .map((token) =>
      token.type === "text" || token.type === "text_special"
        ? token.content
        : token.type === "softbreak" || token.type === "hardbreak"
          ? " "
          : "",
    )
    .join("");
  return text.replace(/\s+/g, " ").trim();
}

/** ProseMirror table cells hold blocks: give each GFM cell's inline content a paragraph. */
function tableCellParagraphs(state: StateCore): void {
  const tokens: Token[] = [];
  for (const token of state.tokens) {
    const previous = tokens[tokens.length - 1];
    const inCell = previous?.type === "th_open" || previous?.type === "td_open";
    if (inCell && token.type === "inline") {
      const open = new state.Token("paragraph_open", "p", 1);
      const close = new state.Token("paragraph_close", "p", -1);
      tokens.push(open, token, close);
    } else if (token.type === "th_close" || token.type === "td_close") {
      if (previous?.type === "th_open" || previous?.type === "td_open")
        tokens.push(
          new state.Token("paragraph_open", "p", 1),
          new state.Token("paragraph_close", "p", -1),
        );
      tokens.push(token);
    } else tokens.push(token);
  }
  state.tokens = tokens;
}

// --- Writing Markdown --------------------------------------------------------------------------

/**
 * Markdown's punctuation in text, escaped wherever it could start markup: always for the inline
 * markers, at the start of a line for block markers.
 */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*~[\]|_]/g, (m, i: number) =>
      // An underscore inside a word never makes emphasis: leave snake_case readable.
      m === "_" && i > 0 && /\w/.test(text[i - 1]!) && /\w/.test(text[i + 1] ?? "") ? m : `\\${m}`,
    )
    .replace(/&(?=#?[0-9a-z]+;)/gi, "\\&")
    .replace(/<(?=\S)/g, "\\<");
}

function escapeLineStart(text: string): string {
  return text.replace(/^([-+=#>])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

function serializer(footnotes: string[]): MarkdownSerializer {
  const isPlainUrl = (link: Mark, parent: ProseMirrorNode, index: number) => {
    const href = String(link.attrs.href ?? "");
    if (link.attrs.title || !/^[a-z][a-z0-9+.-]*:[^\s<>]*$/i.test(href)) return false;
    const content = parent.child(index);
    if (
      !content.isText ||
      content.text !== href ||
      content.marks[content.marks.length - 1] !== link
    )
      return false;
    if (index === parent.childCount - 1) return true;
    return !link.isInSet(parent.child(index + 1).marks);
  };
  const inline = (state: MarkdownSerializerState) =>
    state as MarkdownSerializerState & {
      inAutolink?: boolean;
      atBlockStart: boolean;
    };
  // After normalizeTable a cell holds one paragraph without hard breaks: one line.
  const renderCell = (state: MarkdownSerializerState, cell: ProseMirrorNode) =>
    cell.forEach((paragraph) => state.renderInline(paragraph, false));
  // In a tight list a nested list follows its paragraph on the next line; a list that cannot
  // interrupt a paragraph there (starting at a number other than 1, or with an empty item) would be
  // read as part of it, so it gets a blank line before.
  const separateFromParagraph = (state: MarkdownSerializerState, list: ProseMirrorNode) => {
    const start = list.type.name === "orderedList" ? Number(list.attrs.start ?? 1) : 1;
    const emptyItem = list.firstChild?.firstChild?.content.size === 0;
    const internal = state as unknown as {
      closed: ProseMirrorNode | null;
      flushClose: (size: number) => void;
    };
    if (internal.closed?.type.name === "paragraph" && (start !== 1 || emptyItem))
      internal.flushClose(2);
  };
  const listMarker = (parent: ProseMirrorNode, index: number, markers: [string, string]) => {
    // Two lists in a row stay two lists only with different markers.
    let run = 0;
    const type = parent.child(index).type;
    while (index - run - 1 >= 0 && parent.child(index - run - 1).type === type) run++;
    return markers[run % 2]!;
  };
  return new MarkdownSerializer(
    {
      doc: (state, node) => state.renderContent(node),
      blockquote: (state, node) =>
        state.wrapBlock("> ", null, node, () => state.renderContent(node)),
      heading: (state, node) => {
        state.write(`${"#".repeat(Number(node.attrs.level))} `);
        state.renderInline(node, false);
        state.closeBlock(node);
      },
      horizontalRule: (state, node) => {
        state.write("---");
        state.closeBlock(node);
      },
      bulletList: (state, node, parent, index) => {
        const marker = listMarker(parent, index, ["-", "*"]);
        separateFromParagraph(state, node);
        state.renderList(node, "  ", () => `${marker} `);
      },
      orderedList: (state, node, parent, index) => {
        const marker = listMarker(parent, index, [".", ")"]);
        separateFromParagraph(state, node);
        const start = Number(node.attrs.start ?? 1);
        const width = String(start + node.childCount - 1).length;
        const space = " ".repeat(width + 2);
        state.renderList(node, space, (i) => {
          const n = String(start + i);
          return `${" ".repeat(width - n.length)}${n}${marker} `;
        });
      },
      listItem: (state, node) => {
        const first = node.firstChild!;
        if (first.content.size > 0 || node.childCount === 1) {
          state.renderContent(node);
          return;
        }
        // An item starting with an empty paragraph: its next block goes on the following line
        // (after a blank line it would no longer be in the item).
        state.ensureNewLine();
        node.forEach((child, _, i) => {
          if (i > 0) state.render(child, node, i);
        });
      },
      paragraph: (state, node) => {
        state.renderInline(node);
        state.closeBlock(node);
      },
      hardBreak: (state) => state.write("\\\n"),
      text: (state, node, parent, index) => {
        const s = inline(state);
        if (s.inAutolink) {
          state.text(node.text!, false);
          return;
        }
        const before = index > 0 ? parent.child(index - 1).type.name : null;
        let text = escapeInline(node.text!);
        // `[^1]:` at the start of a line would define a note.
        if (before === "footnote") text = text.replace(/^:/, "\\:");
        const afterBreak = before === "hardBreak";
        if (s.atBlockStart || afterBreak) text = escapeLineStart(text);
        // A heading's closing #s would be read as markup.
        if (parent.type.name === "heading" && index === parent.childCount - 1)
          text = text.replace(/#+$/, "\\$&");
        state.text(text, false);
      },
      footnote: (state, node) => {
        footnotes.push(String(node.attrs.text ?? ""));
        state.write(`[^${footnotes.length}]`);
      },
      table: (state, node) => {
        const columns = Math.max(...mapChildren(node, (row) => row.childCount), 1);
        node.forEach((row, _, r) => {
          state.write("|");
          for (let c = 0; c < columns; c++) {
            state.write(" ");
            if (c < row.childCount) renderCell(state, row.child(c));
            state.write(" |");
          }
          state.ensureNewLine();
          if (r === 0) {
            state.write("|");
            for (let c = 0; c < columns; c++) {
              const align = c < row.childCount ? row.child(c).attrs.align : null;
              const rule =
                align === "center"
                  ? ":---:"
                  : align === "right"
                    ? "---:"
                    : align === "left"
                      ? ":---"
                      : "---";
              state.write(` ${rule} |`);
            }
            state.ensureNewLine();
          }
        });
        state.closeBlock(node);
      },
      tableRow: () => undefined,
      tableHeader: () => undefined,
      tableCell: () => undefined,
    },
    {
      italic: { open: "*", close: "*", mixable: true, expelEnclosingWhitespace: true },
      bold: { open: "**", close: "**", mixable: true, expelEnclosingWhitespace: true },
      strike: { open: "~~", close: "~~", mixable: true, expelEnclosingWhitespace: true },
      link: {
        open: (state, mark, parent, index) => {
          const s = inline(state);
          s.inAutolink = isPlainUrl(mark, parent, index);
          return s.inAutolink ? "<" : "[";
        },
        close: (state, mark) => {
          const s = inline(state);
          const autolink = s.inAutolink;
          s.inAutolink = undefined;
          if (autolink) return ">";
          const href = String(mark.attrs.href ?? "");
          const destination = /[\s()<>]/.test(href)
            ? `<${href.replace(/[\\<>]/g, "\\$&")}>`
            : href.replace(/\\/g, "\\\\");
          const title = mark.attrs.title
            ? ` "${String(mark.attrs.title).replace(/[\\"]/g, "\\$&")}"`
            : "";
          return `](${destination}${title})`;
        },
      },
    },
  );
}

function mapChildren<T>(node: ProseMirrorNode, f: (child: ProseMirrorNode) => T): T[] {
  const out: T[] = [];
  node.forEach((child) => out.push(f(child)));
  return out;
}

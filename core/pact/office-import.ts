// Word (DOCX) and LibreOffice (ODT) files as pact sections (issue 6): the shared Word file a tavolo
// writes today, read into the pact schema keeping headings, lists, tables, emphasis, links and
// footnotes, and dropping images, comments, styles and tracked-change markup (the text stays as
// it reads: insertions in, deletions out). Pure: no DOM, no I/O; runs in Node and the browser.
import type { JSONContent } from "@tiptap/core";
import type { Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import { DOMParser } from "@xmldom/xmldom";
import { unzipSync } from "fflate";
import { AppError } from "../errors";
import { pactSchema } from "./extensions";
import { markdownToSection, sectionToMarkdown } from "./markdown";

/** The largest Word or LibreOffice file a pact takes (the API and the editor page alike). */
export const MAX_PACT_FILE_BYTES = 10 * 1024 * 1024;

export type OfficeKind = "docx" | "odt";

export interface ImportedSection {
  /** The heading's text; "" for the text before the first heading. */
  title: string;
  content: JSONContent;
}

export interface ImportedDocument {
  /** The whole file as one section's document (its top headings at level 2). */
  blocks: JSONContent;
  /** The file split at its top-level headings (Heading 1, or the highest level it uses). */
  sections: ImportedSection[];
}

/** What a file may unpack to: beyond this it is refused as a possible zip bomb. */
export const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 2000;

/** Reads a DOCX or ODT file; a malformed one is refused with an `invalid` AppError. */
export function importOffice(bytes: Uint8Array, kind: OfficeKind): ImportedDocument {
  try {
    const items = kind === "docx" ? readDocx(bytes) : readOdt(bytes);
    return assemble(items);
  } catch (error) {
    // Nesting deep enough to exhaust the stack is a malformed file, not a server fault.
    if (error instanceof RangeError) refuse("error.office_bad_xml");
    throw error;
  }
}

const refuse = (key: string): never => {
  throw new AppError("invalid", key);
};

// --- The parts of a file ---------------------------------------------------------------------

class TooLarge extends Error {}

/** The archive's entries that `wanted` names, after checking its size and entry count. */
function unpack(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  // A ZIP starts with a local file header ("PK\3\4").
  if (
    bytes.length < 22 ||
    bytes[0] !== 0x50 ||
    bytes[1] !== 0x4b ||
    bytes[2] !== 0x03 ||
    bytes[3] !== 0x04
  )
    refuse("error.office_not_zip");
  let entries = 0;
  let unpacked = 0;
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        // The declared size bounds what is inflated: fflate writes into a buffer of that size.
        unpacked += file.originalSize;
        if (entries > MAX_ZIP_ENTRIES || unpacked > MAX_UNPACKED_BYTES) throw new TooLarge();
        return wanted(file.name);
      },
    });
    return new Map(Object.entries(files));
  } catch (error) {
    if (error instanceof TooLarge) refuse("error.office_too_large_unpacked");
    return refuse("error.office_not_zip");
  }
}

function parseXml(bytes: Uint8Array | undefined): Document | null {
  if (!bytes) return null;
  const text = new TextDecoder("utf-8").decode(bytes);
  // Office files never declare a DTD: one here could only expand entities.
  if (/<!DOCTYPE/i.test(text)) refuse("error.office_bad_xml");
  const fail = () => refuse("error.office_bad_xml");
  let doc: Document | null = null;
  try {
    doc = new DOMParser({
      errorHandler: { warning: () => undefined, error: fail, fatalError: fail },
    }).parseFromString(text, "text/xml");
  } catch {
    fail();
  }
  if (!doc?.documentElement) fail();
  return doc;
}

const isElement = (node: Node): node is Element => node.nodeType === 1;

function childElements(element: Element): Element[] {
  const out: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling)
    if (isElement(node)) out.push(node);
  return out;
}

const LINK_PROTOCOL = /^(https?:|mailto:)/i;

function allowedHref(href: string | null | undefined): string | null {
  const trimmed = href?.trim() ?? "";
  return LINK_PROTOCOL.test(trimmed) ? trimmed : null;
}

/** A footnote's text: one line, as its definition line holds it. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

// --- What both formats read into ------------------------------------------------------------

/** A block of the file in reading order; lists flattened to items with their depth. */
type Item =
  | { type: "heading"; level: number; inline: ProseMirrorNode[] }
  | { type: "paragraph"; inline: ProseMirrorNode[] }
  | {
      type: "listItem";
      depth: number;
      ordered: boolean;
      start: number;
      /** A further paragraph of the item before it, rather than a new item. */
      continuation: boolean;
      inline: ProseMirrorNode[];
    }
  | { type: "table"; rows: ProseMirrorNode[][][] };

interface Emphasis {
  bold: boolean;
  italic: boolean;
  strike: boolean;
  href: string | null;
}

const PLAIN: Emphasis = { bold: false, italic: false, strike: false, href: null };

function marksOf(schema: Schema, emphasis: Emphasis): readonly Mark[] {
  let marks: readonly Mark[] = [];
  if (emphasis.bold) marks = schema.marks.bold!.create().addToSet(marks);
  if (emphasis.italic) marks = schema.marks.italic!.create().addToSet(marks);
  if (emphasis.strike) marks = schema.marks.strike!.create().addToSet(marks);
  if (emphasis.href) marks = schema.marks.link!.create({ href: emphasis.href }).addToSet(marks);
  return marks;
}

/** Collects a paragraph's inline content. */
class InlineWriter {
  readonly nodes: ProseMirrorNode[] = [];
  constructor(private readonly schema: Schema) {}
  text(text: string, emphasis: Emphasis) {
    if (text) this.nodes.push(this.schema.text(text, marksOf(this.schema, emphasis)));
  }
  hardBreak() {
    this.nodes.push(this.schema.nodes.hardBreak!.create());
  }
  footnote(text: string) {
    const note = oneLine(text);
    if (note) this.nodes.push(this.schema.nodes.footnote!.create({ text: note }));
  }
}

const plainText = (inline: ProseMirrorNode[]) =>
  oneLine(inline.map((node) => (node.isText ? node.text! : " ")).join(""));

// --- DOCX ------------------------------------------------------------------------------------

const W_NAMESPACES = new Set([
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main",
]);
const R_NAMESPACES = [
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  "http://purl.oclc.org/ooxml/officeDocument/relationships",
];

const isW = (element: Element, name: string) =>
  element.localName === name && W_NAMESPACES.has(element.namespaceURI ?? "");

function wChild(element: Element | undefined, name: string): Element | undefined {
  return element ? childElements(element).find((child) => isW(child, name)) : undefined;
}

/** A WordprocessingML attribute (`w:val` and the like), whatever prefix the file gives it. */
function wAttr(element: Element | undefined, name: string): string | null {
  if (!element) return null;
  for (const ns of W_NAMESPACES) {
    const value = element.getAttributeNS(ns, name);
    if (value) return value;
  }
  return element.getAttribute(`w:${name}`) || null;
}

/** An on/off property such as `<w:b/>` or `<w:b w:val="0"/>`. */
function wToggle(element: Element | undefined): boolean | null {
  if (!element) return null;
  const value = wAttr(element, "val");
  return value === null || !/^(0|false|off)$/i.test(value);
}

interface DocxStyle {
  name: string;
  basedOn: string | null;
  outlineLevel: number | null;
  numbering: { numId: string | null; ilvl: number | null } | null;
  bold: boolean | null;
  italic: boolean | null;
  strike: boolean | null;
}

interface DocxLevel {
  ordered: boolean;
  /** numFmt "none": no marker, not a list. */
  none: boolean;
  start: number;
}

interface Docx {
  schema: Schema;
  styles: Map<string, DocxStyle>;
  /** numId → ilvl → level. */
  numbering: Map<string, Map<number, DocxLevel>>;
  links: Map<string, string>;
  footnotes: Map<string, string>;
  endnotes: Map<string, string>;
}

/** Relationships of a part: id → target (and its type). */
function readRels(doc: Document | null): { id: string; type: string; target: string }[] {
  if (!doc) return [];
  const out: { id: string; type: string; target: string }[] = [];
  const rels = doc.getElementsByTagName("Relationship");
  for (let i = 0; i < rels.length; i++) {
    const rel = rels.item(i)!;
    out.push({
      id: rel.getAttribute("Id") ?? "",
      type: rel.getAttribute("Type") ?? "",
      target: rel.getAttribute("Target") ?? "",
    });
  }
  return out;
}

/** A relationship target resolved against the folder of the part that holds it. */
function partPath(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const folder = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
  const parts: string[] = [];
  for (const piece of (folder + target).split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== "." && piece !== "") parts.push(piece);
  }
  return parts.join("/");
}

function readDocx(bytes: Uint8Array): Item[] {
  // First the relationships, which say where the parts are; then only those parts.
  const relFiles = unpack(bytes, (name) => name.endsWith(".rels"));
  const rootRels = readRels(parseXml(relFiles.get("_rels/.rels")));
  const main = partPath(
    "",
    rootRels.find((r) => r.type.endsWith("/officeDocument"))?.target ?? "word/document.xml",
  );
  const folder = main.slice(0, main.lastIndexOf("/") + 1);
  const rels = readRels(parseXml(relFiles.get(`${folder}_rels/${main.slice(folder.length)}.rels`)));
  const pathOf = (type: string, fallback: string) => {
    const rel = rels.find((r) => r.type.endsWith(`/${type}`));
    return rel ? partPath(main, rel.target) : fallback;
  };
  const parts = {
    styles: pathOf("styles", "word/styles.xml"),
    numbering: pathOf("numbering", "word/numbering.xml"),
    footnotes: pathOf("footnotes", "word/footnotes.xml"),
    endnotes: pathOf("endnotes", "word/endnotes.xml"),
  };
  const wanted = new Set([main, ...Object.values(parts)]);
  const files = unpack(bytes, (name) => wanted.has(name));

  const document = parseXml(files.get(main));
  if (!document) return refuse("error.office_missing_part");
  const body = childElements(document.documentElement).find((e) => isW(e, "body"));
  if (!isW(document.documentElement, "document") || !body)
    return refuse("error.office_missing_part");
  const schema = pactSchema();
  const docx: Docx = {
    schema,
    styles: readDocxStyles(parseXml(files.get(parts.styles))),
    numbering: readDocxNumbering(parseXml(files.get(parts.numbering))),
    links: new Map(
      rels
        .filter((r) => r.type.endsWith("/hyperlink"))
        .map((r) => [r.id, allowedHref(r.target)] as const)
        .filter((entry): entry is [string, string] => entry[1] !== null),
    ),
    footnotes: new Map(),
    endnotes: new Map(),
  };
  readDocxNotes(docx, parseXml(files.get(parts.footnotes)), "footnote", docx.footnotes);
  readDocxNotes(docx, parseXml(files.get(parts.endnotes)), "endnote", docx.endnotes);

  const items: Item[] = [];
  walkDocxBlocks(docx, body, items);
  return items;
}

function readDocxStyles(doc: Document | null): Map<string, DocxStyle> {
  const styles = new Map<string, DocxStyle>();
  if (!doc) return styles;
  for (const style of childElements(doc.documentElement).filter((e) => isW(e, "style"))) {
    const id = wAttr(style, "styleId");
    if (!id) continue;
    const pPr = wChild(style, "pPr");
    const rPr = wChild(style, "rPr");
    const numPr = wChild(pPr, "numPr");
    const outline = wAttr(wChild(pPr, "outlineLvl"), "val");
    const ilvl = wAttr(wChild(numPr, "ilvl"), "val");
    styles.set(id, {
      name: wAttr(wChild(style, "name"), "val") ?? id,
      basedOn: wAttr(wChild(style, "basedOn"), "val"),
      outlineLevel: outline === null ? null : Number(outline),
      numbering: numPr
        ? { numId: wAttr(wChild(numPr, "numId"), "val"), ilvl: ilvl === null ? null : Number(ilvl) }
        : null,
      bold: wToggle(wChild(rPr, "b")),
      italic: wToggle(wChild(rPr, "i")),
      strike: wToggle(wChild(rPr, "strike")) ?? wToggle(wChild(rPr, "dstrike")),
    });
  }
  return styles;
}

/** A style property, looked up along its basedOn chain. */
function styleValue<T>(
  docx: Docx,
  id: string | null,
  pick: (style: DocxStyle, id: string) => T | null,
): T | null {
  const seen = new Set<string>();
  for (let current = id; current && !seen.has(current);) {
    seen.add(current);
    const style = docx.styles.get(current);
    if (!style) return null;
    const value = pick(style, current);
    if (value !== null) return value;
    current = style.basedOn;
  }
  return null;
}

function readDocxNumbering(doc: Document | null): Map<string, Map<number, DocxLevel>> {
  const out = new Map<string, Map<number, DocxLevel>>();
  if (!doc) return out;
  const abstracts = new Map<string, Map<number, DocxLevel>>();
  const children = childElements(doc.documentElement);
  for (const abstract of children.filter((e) => isW(e, "abstractNum"))) {
    const levels = new Map<number, DocxLevel>();
    for (const lvl of childElements(abstract).filter((e) => isW(e, "lvl"))) {
      const format = wAttr(wChild(lvl, "numFmt"), "val") ?? "decimal";
      const start = Number(wAttr(wChild(lvl, "start"), "val") ?? 1);
      levels.set(Number(wAttr(lvl, "ilvl") ?? 0), {
        ordered: format !== "bullet" && format !== "none",
        none: format === "none",
        start: Number.isInteger(start) && start >= 0 ? start : 1,
      });
    }
    abstracts.set(wAttr(abstract, "abstractNumId") ?? "", levels);
  }
  for (const num of children.filter((e) => isW(e, "num"))) {
    const abstract = abstracts.get(wAttr(wChild(num, "abstractNumId"), "val") ?? "");
    if (abstract) out.set(wAttr(num, "numId") ?? "", abstract);
  }
  return out;
}

function readDocxNotes(
  docx: Docx,
  doc: Document | null,
  name: "footnote" | "endnote",
  into: Map<string, string>,
): void {
  if (!doc) return;
  for (const note of childElements(doc.documentElement).filter((e) => isW(e, name))) {
    // Separators are Word's own lines, not notes.
    const type = wAttr(note, "type");
    if (type && type !== "normal") continue;
    const paragraphs = childElements(note).filter((e) => isW(e, "p"));
    const text = paragraphs
      .map((p) => {
        const writer = new InlineWriter(docx.schema);
        walkDocxInline(docx, p, PLAIN, writer);
        return plainText(writer.nodes);
      })
      .join(" ");
    into.set(wAttr(note, "id") ?? "", oneLine(text));
  }
}

/** Elements that only wrap content: read through them. */
const DOCX_WRAPPERS = new Set([
  "ins",
  "moveTo",
  "smartTag",
  "customXml",
  "dir",
  "bdo",
  "fldSimple",
]);

function walkDocxBlocks(docx: Docx, container: Element, items: Item[]): void {
  for (const element of childElements(container)) {
    if (isW(element, "p")) docxParagraph(docx, element, items);
    else if (isW(element, "tbl")) items.push({ type: "table", rows: docxTable(docx, element) });
    else if (isW(element, "sdt")) {
      const content = wChild(element, "sdtContent");
      if (content) walkDocxBlocks(docx, content, items);
    } else if (W_NAMESPACES.has(element.namespaceURI ?? "") && DOCX_WRAPPERS.has(element.localName))
      walkDocxBlocks(docx, element, items);
  }
}

function docxParagraph(docx: Docx, p: Element, items: Item[]): void {
  const pPr = wChild(p, "pPr");
  const styleId = wAttr(wChild(pPr, "pStyle"), "val");
  const styleName = styleValue(docx, styleId, (s) => s.name)?.toLowerCase() ?? "";
  // A table of contents repeats the headings: it is Word's, not the text's.
  if (/^toc\b/.test(styleName) || /^toc\s?heading$/.test(styleName)) return;
  const writer = new InlineWriter(docx.schema);
  walkDocxInline(docx, p, PLAIN, writer);
  const inline = writer.nodes;

  const level = docxHeadingLevel(docx, pPr, styleId);
  if (level !== null) {
    items.push({ type: "heading", level, inline });
    return;
  }
  const numPr = wChild(pPr, "numPr");
  const styleNumbering = styleValue(docx, styleId, (s) => s.numbering);
  const numId = wAttr(wChild(numPr, "numId"), "val") ?? styleNumbering?.numId ?? null;
  const ilvl = Number(wAttr(wChild(numPr, "ilvl"), "val") ?? styleNumbering?.ilvl ?? 0);
  const levels = numId && numId !== "0" ? docx.numbering.get(numId) : undefined;
  const depth = Number.isInteger(ilvl) ? Math.min(Math.max(ilvl, 0), 8) : 0;
  const numbering = levels?.get(depth) ?? levels?.get(0);
  if (numbering && !numbering.none) {
    items.push({
      type: "listItem",
      depth,
      ordered: numbering.ordered,
      start: numbering.start,
      continuation: false,
      inline,
    });
    return;
  }
  items.push({ type: "paragraph", inline });
}

/** Heading 1–9 (1-based), from the paragraph's outline level or its style; null for body text. */
function docxHeadingLevel(docx: Docx, pPr: Element | undefined, styleId: string | null) {
  const direct = wAttr(wChild(pPr, "outlineLvl"), "val");
  if (direct !== null) {
    const level = Number(direct);
    // Level 9 is "body text".
    return Number.isInteger(level) && level >= 0 && level < 9 ? level + 1 : null;
  }
  const level = styleValue(docx, styleId, (style, id) => {
    const named =
      /^(?:heading|titolo)\s*([1-9])$/i.exec(style.name) ?? /^(?:heading|titolo)([1-9])$/i.exec(id);
    if (named) return Number(named[1]);
    // -1: the style says body text.
    if (style.outlineLevel !== null)
      return style.outlineLevel >= 0 && style.outlineLevel < 9 ? style.outlineLevel + 1 : -1;
    return null;
  });
  return level === null || level < 0 ? null : level;
}

function docxRunEmphasis(docx: Docx, rPr: Element | undefined, outer: Emphasis): Emphasis {
  if (!rPr) return outer;
  const characterStyle = wAttr(wChild(rPr, "rStyle"), "val");
  const pick = (name: "bold" | "italic" | "strike", direct: boolean | null) =>
    direct ?? styleValue(docx, characterStyle, (s) => s[name]) ?? outer[name];
  return {
    ...outer,
    bold: pick("bold", wToggle(wChild(rPr, "b"))),
    italic: pick("italic", wToggle(wChild(rPr, "i"))),
    strike: pick("strike", wToggle(wChild(rPr, "strike")) ?? wToggle(wChild(rPr, "dstrike"))),
  };
}

function walkDocxInline(
  docx: Docx,
  container: Element,
  emphasis: Emphasis,
  writer: InlineWriter,
): void {
  for (const element of childElements(container)) {
    if (!W_NAMESPACES.has(element.namespaceURI ?? "")) continue;
    switch (element.localName) {
      case "r":
        docxRun(docx, element, emphasis, writer);
        break;
      case "hyperlink": {
        const id = R_NAMESPACES.map((ns) => element.getAttributeNS(ns, "id")).find(Boolean);
        const href = (id && docx.links.get(id)) ?? null;
        walkDocxInline(docx, element, href ? { ...emphasis, href } : emphasis, writer);
        break;
      }
      case "sdt": {
        const content = wChild(element, "sdtContent");
        if (content) walkDocxInline(docx, content, emphasis, writer);
        break;
      }
      default:
        if (DOCX_WRAPPERS.has(element.localName)) walkDocxInline(docx, element, emphasis, writer);
      // Deleted text (del, moveFrom), comments, bookmarks, proofing marks, math: left out.
    }
  }
}

function docxRun(docx: Docx, run: Element, outer: Emphasis, writer: InlineWriter): void {
  const emphasis = docxRunEmphasis(docx, wChild(run, "rPr"), outer);
  for (const element of childElements(run)) {
    if (!W_NAMESPACES.has(element.namespaceURI ?? "")) continue;
    switch (element.localName) {
      case "t":
        writer.text(element.textContent ?? "", emphasis);
        break;
      case "tab":
      case "ptab":
        writer.text(" ", emphasis);
        break;
      case "noBreakHyphen":
        writer.text("-", emphasis);
        break;
      case "br": {
        // Page and column breaks are layout.
        const type = wAttr(element, "type");
        if (!type || type === "textWrapping") writer.hardBreak();
        break;
      }
      case "cr":
        writer.hardBreak();
        break;
      case "footnoteReference":
        writer.footnote(docx.footnotes.get(wAttr(element, "id") ?? "") ?? "");
        break;
      case "endnoteReference":
        writer.footnote(docx.endnotes.get(wAttr(element, "id") ?? "") ?? "");
        break;
      // instrText (a field's code), delText, drawings, pictures, objects: left out.
    }
  }
}

/** A table's rows or a row's cells, through the content controls and custom XML around them. */
function tableParts(container: Element, name: "tr" | "tc"): Element[] {
  return childElements(container).flatMap((e) =>
    isW(e, name)
      ? [e]
      : isW(e, "sdt")
        ? tableParts(wChild(e, "sdtContent") ?? e, name)
        : isW(e, "customXml")
          ? tableParts(e, name)
          : [],
  );
}

function docxTable(docx: Docx, table: Element): ProseMirrorNode[][][] {
  return tableParts(table, "tr").map((tr) =>
    tableParts(tr, "tc").map((tc) => {
      const merge = wChild(wChild(tc, "tcPr"), "vMerge");
      // The cells under a vertically merged one repeat nothing.
      if (merge && wAttr(merge, "val") !== "restart") return [];
      const items: Item[] = [];
      walkDocxBlocks(docx, tc, items);
      return cellInline(docx.schema, items);
    }),
  );
}

// --- ODT -------------------------------------------------------------------------------------

const NS = {
  office: "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
  style: "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
  text: "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
  table: "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
  fo: "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
  xlink: "http://www.w3.org/1999/xlink",
} as const;

const isOdt = (element: Element, ns: keyof typeof NS, name: string) =>
  element.localName === name && element.namespaceURI === NS[ns];

const odtAttr = (element: Element, ns: keyof typeof NS, name: string): string | null =>
  element.getAttributeNS(NS[ns], name) || null;

interface OdtTextStyle {
  parent: string | null;
  bold: boolean | null;
  italic: boolean | null;
  strike: boolean | null;
  /** A paragraph style's default heading level. */
  outlineLevel: number | null;
  automatic: boolean;
}

interface Odt {
  schema: Schema;
  styles: Map<string, OdtTextStyle>;
  /** List style name → level (1-based) → numbered or not, and its first number. */
  lists: Map<string, Map<number, { ordered: boolean; start: number }>>;
}

function readOdt(bytes: Uint8Array): Item[] {
  const files = unpack(
    bytes,
    (name) => name === "content.xml" || name === "styles.xml" || name === "mimetype",
  );
  const mimetype = files.get("mimetype");
  if (
    mimetype &&
    !new TextDecoder().decode(mimetype).trim().startsWith("application/vnd.oasis.opendocument.text")
  )
    refuse("error.office_missing_part");
  const content = parseXml(files.get("content.xml"));
  if (!content) return refuse("error.office_missing_part");
  const root = content.documentElement;
  const body = childElements(root).find((e) => isOdt(e, "office", "body"));
  const text = body && childElements(body).find((e) => isOdt(e, "office", "text"));
  if (!isOdt(root, "office", "document-content") || !text)
    return refuse("error.office_missing_part");
  const odt: Odt = { schema: pactSchema(), styles: new Map(), lists: new Map() };
  const stylesDoc = parseXml(files.get("styles.xml"));
  if (stylesDoc) readOdtStyles(odt, stylesDoc.documentElement, false);
  readOdtStyles(odt, root, true);
  const items: Item[] = [];
  walkOdtBlocks(odt, text, items);
  return items;
}

/** The styles under office:styles and office:automatic-styles of a part. */
function readOdtStyles(odt: Odt, root: Element, automatic: boolean): void {
  for (const group of childElements(root)) {
    if (!isOdt(group, "office", "styles") && !isOdt(group, "office", "automatic-styles")) continue;
    for (const style of childElements(group)) {
      const name = odtAttr(style, "style", "name");
      if (!name) continue;
      if (isOdt(style, "style", "style")) {
        const props = childElements(style).find((e) => isOdt(e, "style", "text-properties"));
        const weight = props ? odtAttr(props, "fo", "font-weight") : null;
        const posture = props ? odtAttr(props, "fo", "font-style") : null;
        const through = props ? odtAttr(props, "style", "text-line-through-style") : null;
        const outline = odtAttr(style, "style", "default-outline-level");
        odt.styles.set(name, {
          parent: odtAttr(style, "style", "parent-style-name"),
          bold: weight === null ? null : weight === "bold" || Number(weight) >= 600,
          italic: posture === null ? null : posture === "italic" || posture === "oblique",
          strike: through === null ? null : through !== "none",
          outlineLevel: outline ? Number(outline) : null,
          automatic: automatic || isOdt(group, "office", "automatic-styles"),
        });
      } else if (isOdt(style, "text", "list-style")) {
        const levels = new Map<number, { ordered: boolean; start: number }>();
        for (const level of childElements(style)) {
          const n = Number(odtAttr(level, "text", "level") ?? 1);
          if (isOdt(level, "text", "list-level-style-number")) {
            const format = odtAttr(level, "style", "num-format");
            const start = Number(odtAttr(level, "text", "start-value") ?? 1);
            levels.set(n, {
              ordered: format !== null && format !== "",
              start: Number.isInteger(start) && start >= 0 ? start : 1,
            });
          } else if (
            isOdt(level, "text", "list-level-style-bullet") ||
            isOdt(level, "text", "list-level-style-image")
          )
            levels.set(n, { ordered: false, start: 1 });
        }
        odt.lists.set(name, levels);
      }
    }
  }
}

function odtStyleValue<T>(
  odt: Odt,
  name: string | null,
  pick: (style: OdtTextStyle) => T | null,
): T | null {
  const seen = new Set<string>();
  for (let current = name; current && !seen.has(current);) {
    seen.add(current);
    const style = odt.styles.get(current);
    if (!style) return null;
    const value = pick(style);
    if (value !== null) return value;
    current = style.parent;
  }
  return null;
}

function odtEmphasis(odt: Odt, styleName: string | null, outer: Emphasis): Emphasis {
  if (!styleName) return outer;
  return {
    ...outer,
    bold: odtStyleValue(odt, styleName, (s) => s.bold) ?? outer.bold,
    italic: odtStyleValue(odt, styleName, (s) => s.italic) ?? outer.italic,
    strike: odtStyleValue(odt, styleName, (s) => s.strike) ?? outer.strike,
  };
}

/** Emphasis a paragraph's own (automatic) style gives all its text; a named style's is layout. */
function odtParagraphEmphasis(odt: Odt, paragraph: Element): Emphasis {
  const style = odt.styles.get(odtAttr(paragraph, "text", "style-name") ?? "");
  if (!style?.automatic) return PLAIN;
  return {
    ...PLAIN,
    bold: style.bold ?? false,
    italic: style.italic ?? false,
    strike: style.strike ?? false,
  };
}

interface OdtList {
  depth: number;
  style: string | null;
}

function walkOdtBlocks(odt: Odt, container: Element, items: Item[], list?: OdtList): void {
  let firstInItem = true;
  for (const element of childElements(container)) {
    if (isOdt(element, "text", "p")) {
      const inline = odtInline(odt, element, odtParagraphEmphasis(odt, element));
      if (list) {
        const level = odt.lists.get(list.style ?? "")?.get(list.depth + 1);
        items.push({
          type: "listItem",
          depth: list.depth,
          ordered: level?.ordered ?? false,
          start: level?.start ?? 1,
          continuation: !firstInItem,
          inline,
        });
        firstInItem = false;
      } else items.push({ type: "paragraph", inline });
    } else if (isOdt(element, "text", "h")) {
      const styled = odtStyleValue(
        odt,
        odtAttr(element, "text", "style-name"),
        (s) => s.outlineLevel,
      );
      const level = Number(odtAttr(element, "text", "outline-level") ?? styled ?? 1);
      items.push({
        type: "heading",
        level: Number.isInteger(level) && level >= 1 ? Math.min(level, 10) : 1,
        inline: odtInline(odt, element, PLAIN),
      });
      firstInItem = false;
    } else if (isOdt(element, "text", "list")) {
      const style = odtAttr(element, "text", "style-name") ?? list?.style ?? null;
      const depth = list ? list.depth + 1 : 0;
      for (const item of childElements(element)) {
        if (isOdt(item, "text", "list-item") || isOdt(item, "text", "list-header"))
          walkOdtBlocks(odt, item, items, { depth, style });
      }
      firstInItem = false;
    } else if (isOdt(element, "table", "table")) {
      items.push({ type: "table", rows: odtTable(odt, element) });
      firstInItem = false;
    } else if (isOdt(element, "text", "section") || isOdt(element, "text", "soft-page-break")) {
      walkOdtBlocks(odt, element, items, list);
    }
    // Tables of contents, indexes, tracked changes, forms, declarations, drawings: left out.
  }
}

function odtInline(odt: Odt, paragraph: Element, emphasis: Emphasis): ProseMirrorNode[] {
  const writer = new InlineWriter(odt.schema);
  walkOdtInline(odt, paragraph, emphasis, writer);
  return writer.nodes;
}

/** Elements of a paragraph that are not text: notes' citations, comments, drawings, changes. */
const ODT_SKIPPED = new Set([
  "annotation",
  "annotation-end",
  "note-citation",
  "tracked-changes",
  "change",
  "change-start",
  "change-end",
  "bookmark",
  "bookmark-start",
  "bookmark-end",
  "reference-mark",
  "reference-mark-start",
  "reference-mark-end",
  "soft-page-break",
  "toc-mark",
  "alphabetical-index-mark",
]);

function walkOdtInline(odt: Odt, container: Element, emphasis: Emphasis, writer: InlineWriter) {
  for (let node = container.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) {
      // ODF: white space in a paragraph collapses to one space, as in HTML.
      writer.text((node.nodeValue ?? "").replace(/[ \t\r\n]+/g, " "), emphasis);
      continue;
    }
    if (!isElement(node)) continue;
    const element = node;
    if (ODT_SKIPPED.has(element.localName)) continue;
    if (element.namespaceURI !== NS.text) continue;
    switch (element.localName) {
      case "span":
        walkOdtInline(
          odt,
          element,
          odtEmphasis(odt, odtAttr(element, "text", "style-name"), emphasis),
          writer,
        );
        break;
      case "a": {
        const href = allowedHref(odtAttr(element, "xlink", "href"));
        walkOdtInline(odt, element, href ? { ...emphasis, href } : emphasis, writer);
        break;
      }
      case "s": {
        const count = Number(odtAttr(element, "text", "c") ?? 1);
        writer.text(
          " ".repeat(Number.isInteger(count) ? Math.min(Math.max(count, 1), 100) : 1),
          emphasis,
        );
        break;
      }
      case "tab":
        writer.text(" ", emphasis);
        break;
      case "line-break":
        writer.hardBreak();
        break;
      case "note": {
        const body = childElements(element).find((e) => isOdt(e, "text", "note-body"));
        const text = body
          ? childElements(body)
              .filter((e) => isOdt(e, "text", "p") || isOdt(e, "text", "h"))
              .map((p) => plainText(odtInline(odt, p, PLAIN)))
              .join(" ")
          : "";
        writer.footnote(text);
        break;
      }
      default:
        // Fields (page numbers, dates, references) keep the text they show.
        walkOdtInline(odt, element, emphasis, writer);
    }
  }
}

/** Repeated cells and rows (an ODT shorthand) are capped: a table is not a spreadsheet. */
const MAX_REPEAT = 64;

function odtTable(odt: Odt, table: Element): ProseMirrorNode[][][] {
  const rows: ProseMirrorNode[][][] = [];
  const visit = (container: Element) => {
    for (const element of childElements(container)) {
      if (isOdt(element, "table", "table-row")) {
        const cells: ProseMirrorNode[][] = [];
        for (const cell of childElements(element)) {
          const covered = isOdt(cell, "table", "covered-table-cell");
          if (!covered && !isOdt(cell, "table", "table-cell")) continue;
          const items: Item[] = [];
          if (!covered) walkOdtBlocks(odt, cell, items);
          const inline = cellInline(odt.schema, items);
          const repeat = Number(odtAttr(cell, "table", "number-columns-repeated") ?? 1);
          const times = Number.isInteger(repeat) ? Math.min(Math.max(repeat, 1), MAX_REPEAT) : 1;
          for (let i = 0; i < times; i++) cells.push(inline);
        }
        const repeat = Number(odtAttr(element, "table", "number-rows-repeated") ?? 1);
        const times = Number.isInteger(repeat) ? Math.min(Math.max(repeat, 1), MAX_REPEAT) : 1;
        for (let i = 0; i < times; i++) rows.push(cells);
      } else if (
        isOdt(element, "table", "table-header-rows") ||
        isOdt(element, "table", "table-rows") ||
        isOdt(element, "table", "table-row-group")
      )
        visit(element);
    }
  };
  visit(table);
  return rows;
}

// --- Blocks and sections ---------------------------------------------------------------------

/** A cell holds one line: its paragraphs joined by spaces (as a GFM table writes it). */
function cellInline(schema: Schema, items: Item[]): ProseMirrorNode[] {
  const out: ProseMirrorNode[] = [];
  for (const item of items) {
    const inline =
      item.type === "table"
        ? item.rows.flat().flatMap((cell) => [...cell, schema.text(" ")])
        : item.inline;
    if (out.length > 0) out.push(schema.text(" "));
    out.push(...inline.map((node) => (node.type.name === "hardBreak" ? schema.text(" ") : node)));
  }
  return out;
}

function tableNode(schema: Schema, rows: ProseMirrorNode[][][]): ProseMirrorNode | null {
  // Trailing empty rows and columns are a table's layout (ODT repeats them).
  const empty = (cell: ProseMirrorNode[] | undefined) => !cell || plainText(cell) === "";
  const kept = [...rows];
  while (kept.length > 0 && kept[kept.length - 1]!.every((cell) => empty(cell))) kept.pop();
  let columns = Math.max(0, ...kept.map((row) => row.length));
  while (columns > 0 && kept.every((row) => empty(row[columns - 1]))) columns -= 1;
  if (kept.length === 0 || columns === 0) return null;
  return schema.nodes.table!.create(
    null,
    kept.map((row, r) =>
      schema.nodes.tableRow!.create(
        null,
        Array.from({ length: columns }, (_, c) =>
          (r === 0 ? schema.nodes.tableHeader! : schema.nodes.tableCell!).create(
            null,
            schema.nodes.paragraph!.create(null, row[c] ?? []),
          ),
        ),
      ),
    ),
  );
}

type ListEntry = Extract<Item, { type: "listItem" }>;

/** Flattened list items back into nested lists. */
function listNodes(schema: Schema, entries: ListEntry[]): ProseMirrorNode[] {
  let pos = 0;
  const paragraph = (inline: ProseMirrorNode[]) => schema.nodes.paragraph!.create(null, inline);
  const build = (depth: number): ProseMirrorNode[] => {
    const lists: ProseMirrorNode[] = [];
    let current: { ordered: boolean; start: number; items: ProseMirrorNode[][] } | null = null;
    const finish = () => {
      if (!current) return;
      const type = current.ordered ? schema.nodes.orderedList! : schema.nodes.bulletList!;
      lists.push(
        type.create(
          current.ordered ? { start: current.start } : null,
          current.items.map((content) => schema.nodes.listItem!.create(null, content)),
        ),
      );
      current = null;
    };
    while (pos < entries.length) {
      const entry = entries[pos]!;
      if (entry.depth < depth) break;
      if (entry.depth > depth) {
        // A deeper item with nothing above it hangs from an empty item.
        if (!current) current = { ordered: entry.ordered, start: entry.start, items: [] };
        if (current.items.length === 0) current.items.push([paragraph([])]);
        current.items[current.items.length - 1]!.push(...build(depth + 1));
        continue;
      }
      pos += 1;
      if (entry.continuation && current) {
        current.items[current.items.length - 1]!.push(paragraph(entry.inline));
        continue;
      }
      if (current && current.ordered !== entry.ordered) finish();
      current ??= { ordered: entry.ordered, start: entry.start, items: [] };
      current.items.push([paragraph(entry.inline)]);
    }
    finish();
    return lists;
  };
  const top = Math.min(...entries.map((e) => e.depth));
  const out: ProseMirrorNode[] = [];
  while (pos < entries.length) out.push(...build(top));
  return out;
}

/** Items as blocks of a section; heading levels shifted by `shift` into the schema's 2–4. */
function blocksOf(schema: Schema, items: Item[], shift: number): ProseMirrorNode[] {
  const out: ProseMirrorNode[] = [];
  let list: ListEntry[] = [];
  const flush = () => {
    if (list.length > 0) out.push(...listNodes(schema, list));
    list = [];
  };
  for (const item of items) {
    if (item.type === "listItem") {
      list.push(item);
      continue;
    }
    flush();
    if (item.type === "heading")
      out.push(
        schema.nodes.heading!.create(
          { level: Math.min(4, Math.max(2, item.level + shift)) },
          item.inline,
        ),
      );
    else if (item.type === "paragraph") out.push(schema.nodes.paragraph!.create(null, item.inline));
    else {
      const table = tableNode(schema, item.rows);
      if (table) out.push(table);
    }
  }
  flush();
  return out;
}

/**
 * A section's document in the form the pact stores: what Markdown cannot hold (spaces at line
 * edges, empty paragraphs, emphasis on spaces) taken out, so that reading it back gives it again.
 */
function sectionDoc(schema: Schema, blocks: ProseMirrorNode[]): JSONContent {
  const doc = schema.topNodeType.create(null, blocks);
  doc.check();
  return markdownToSection(
    sectionToMarkdown(doc.toJSON() as JSONContent, { suggestions: "as-is" }),
  );
}

function assemble(items: Item[]): ImportedDocument {
  const schema = pactSchema();
  // Empty headings (a stray Heading 1 line) neither start sections nor show.
  const kept = items.filter((item) => item.type !== "heading" || plainText(item.inline) !== "");
  const levels = kept.flatMap((item) => (item.type === "heading" ? [item.level] : []));
  const top = levels.length > 0 ? Math.min(...levels) : 1;

  const sections: ImportedSection[] = [];
  let title: string | null = null;
  let body: Item[] = [];
  const close = () => {
    if (title !== null || body.length > 0)
      sections.push({
        title: title ?? "",
        content: sectionDoc(schema, blocksOf(schema, body, 1 - top)),
      });
  };
  for (const item of kept) {
    if (item.type === "heading" && item.level === top) {
      close();
      title = plainText(item.inline);
      body = [];
    } else body.push(item);
  }
  close();
  const blocks = sectionDoc(schema, blocksOf(schema, kept, 2 - top));
  // Text before the first heading that came to nothing (empty lines) is no section.
  const filled = sections.filter(
    (section) => section.title !== "" || sectionToMarkdown(section.content) !== "",
  );
  return { blocks, sections: filled };
}

// --- Placing a file's sections in a pact -----------------------------------------------------

/** A title as compared: no case, accents, punctuation or leading number ("1. Premesse"). */
export function comparableTitle(title: string): string {
  return title
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^(\d+ )+/, "");
}

/**
 * The pact section each of the file's sections goes into, in the file's order: first the one with
 * the same title, then the sections left over in order; null when no section is left for it.
 */
export function matchSections(
  fileTitles: readonly string[],
  pactSections: readonly { key: string; title: string }[],
): (string | null)[] {
  const placed: (string | null)[] = fileTitles.map(() => null);
  const taken = new Set<string>();
  fileTitles.forEach((title, i) => {
    const wanted = comparableTitle(title);
    if (!wanted) return;
    const match = pactSections.find(
      (s) => !taken.has(s.key) && comparableTitle(s.title) === wanted,
    );
    if (match) {
      placed[i] = match.key;
      taken.add(match.key);
    }
  });
  const left = pactSections.filter((s) => !taken.has(s.key));
  fileTitles.forEach((_, i) => {
    if (placed[i] === null) placed[i] = left.shift()?.key ?? null;
  });
  return placed;
}

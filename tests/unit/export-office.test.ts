// The Word and LibreOffice exports read back as packages: unzipped, every XML part parsed strictly,
// the package's own lists of parts checked against its files, and the text of every section,
// table, footnote and signatory found where a word processor shows it, with people's text kept as
// text (never markup) and the outline, footer and page size a word processor relies on.
import { DOMParser } from "@xmldom/xmldom";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Block, ExportDocument, Inline } from "../../core/export/model";
import { footerLine, inlineText, outline, titlePage, xmlSafe } from "../../core/export/outline";
import { importOffice } from "../../core/pact/office-import";
import { renderDocx } from "../../server/export/docx";
import { renderOdt } from "../../server/export/odt";
import { fortyPageDocument, HOSTILE, sampleDocument } from "../support/export-fixture";

const text = (value: string, marks: Partial<Omit<Inline & { kind: "text" }, "kind">> = {}) =>
  ({ kind: "text", text: value, ...marks }) as Inline;
const paragraph = (...content: Inline[]): Block => ({ kind: "paragraph", content });
/** The control characters HOSTILE holds, which no XML part may. */
const hasControls = (value: string) => value.includes("\u0001") || value.includes("\u000b");
const collapse = (value: string) => value.replace(/\s+/g, " ").trim();

/**
 * Parses one part, failing on any error xmldom reports, on what xmldom 0.8 forgives (end tags that
 * do not match, a stray `<` or `&`, a second root) and on any prefix with no namespace.
 */
function strictXml(xml: string, part: string): Document {
  const fail = (message: string) => {
    throw new Error(`${part}: ${message}`);
  };
  checkWellFormed(xml, fail);
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: fail, fatalError: fail },
  }).parseFromString(xml, "text/xml");
  if (!doc.documentElement) fail("no root element");
  const visit = (element: Element) => {
    if (element.prefix && !element.namespaceURI) fail(`undeclared prefix on <${element.tagName}>`);
    for (const attribute of Array.from(element.attributes)) {
      const prefix = attribute.prefix;
      if (prefix && prefix !== "xmlns" && !attribute.namespaceURI) {
        fail(`undeclared prefix on ${attribute.name} of <${element.tagName}>`);
      }
    }
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === 1) visit(child as Element);
    }
  };
  visit(doc.documentElement);
  return doc;
}

const MARKUP =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const BARE_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i;

function checkWellFormed(xml: string, fail: (message: string) => never | void): void {
  const open: string[] = [];
  let roots = 0;
  let last = 0;
  for (const match of xml.matchAll(MARKUP)) {
    const [whole, closing, name, attributes = "", selfClosing] = match;
    const between = xml.slice(last, match.index);
    last = match.index + whole.length;
    if (between.includes("<")) fail(`stray "<" before ${whole.slice(0, 40)}`);
    if (BARE_AMPERSAND.test(between)) fail(`bare "&" before ${whole.slice(0, 40)}`);
    if (open.length === 0 && between.trim() && roots > 0) fail("text after the root");
    if (!name) continue;
    if (/</.test(attributes) || BARE_AMPERSAND.test(attributes)) fail(`bad attribute in <${name}>`);
    if (closing) {
      const expected = open.pop();
      if (expected !== name) fail(`</${name}> closes <${expected ?? "nothing"}>`);
    } else {
      if (open.length === 0 && ++roots > 1) fail(`a second root <${name}>`);
      if (!selfClosing) open.push(name);
    }
  }
  if (xml.slice(last).includes("<")) fail('stray "<" at the end');
  if (open.length > 0) fail(`<${open.at(-1)}> is never closed`);
}

interface Package {
  files: Record<string, Uint8Array>;
  xml: Record<string, string>;
  parts: Record<string, Document>;
}

function readPackage(bytes: Uint8Array): Package {
  const files = unzipSync(bytes);
  const xml: Record<string, string> = {};
  const parts: Record<string, Document> = {};
  for (const [path, content] of Object.entries(files)) {
    if (!/\.(xml|rels)$/.test(path)) continue;
    xml[path] = strFromU8(content);
    parts[path] = strictXml(xml[path], path);
  }
  return { files, xml, parts };
}

const all = (node: Document | Element, name: string): Element[] =>
  Array.from(node.getElementsByTagName(name));
/** An attribute's value, or null when it is absent (xmldom's getAttribute says ""). */
const attr = (element: Element, name: string) =>
  element.hasAttribute(name) ? element.getAttribute(name) : null;

/** Every piece of text the document must show, one per text block or table cell. */
function expectedTexts(doc: ExportDocument): string[] {
  const clean = (inlines: readonly Inline[]) => collapse(xmlSafe(inlineText(inlines)));
  const texts = (blocks: readonly Block[]): string[] =>
    blocks.flatMap((block): string[] => {
      if (block.kind === "heading" || block.kind === "paragraph") return [clean(block.content)];
      if (block.kind === "list") return block.items.flatMap(texts);
      if (block.kind === "quote") return texts(block.blocks);
      if (block.kind === "table") {
        return [
          ...(block.table.caption ? [collapse(xmlSafe(block.table.caption))] : []),
          ...block.table.rows.flat().map(clean),
        ];
      }
      return [];
    });
  const page = titlePage(doc);
  return [
    page.kind,
    page.title,
    page.roundtable,
    page.version ?? "",
    page.date,
    ...outline(doc).flatMap((part) => [part.title, ...texts(part.blocks)]),
  ].filter(Boolean);
}

function footnoteTexts(doc: ExportDocument): string[] {
  const notes = (blocks: readonly Block[]): string[] =>
    blocks.flatMap((block): string[] => {
      if (block.kind === "heading" || block.kind === "paragraph") {
        return block.content.flatMap((i) => (i.kind === "footnote" ? [i.text] : []));
      }
      if (block.kind === "list") return block.items.flatMap(notes);
      if (block.kind === "quote") return notes(block.blocks);
      if (block.kind === "table") {
        return block.table.rows.flat(2).flatMap((i) => (i.kind === "footnote" ? [i.text] : []));
      }
      return [];
    });
  return outline(doc).flatMap((part) => notes(part.blocks));
}

// --- DOCX -----------------------------------------------------------------------------------------

/** A paragraph's text as Word shows it: w:t, with w:tab and w:br as tab and line end. */
function wordText(p: Element): string {
  let out = "";
  const visit = (node: Node) => {
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (element.tagName === "w:t" || element.tagName === "w:instrText") {
      if (element.tagName === "w:t") out += element.textContent ?? "";
      return;
    }
    if (element.tagName === "w:tab") out += "\t";
    else if (element.tagName === "w:br") out += "\n";
    for (const child of Array.from(element.childNodes)) visit(child);
  };
  visit(p);
  return out;
}

const wordParagraphs = (doc: Document) => all(doc, "w:p").map(wordText);
const styleOf = (p: Element) => all(p, "w:pStyle")[0]?.getAttribute("w:val") ?? null;

describe("the Word export", () => {
  const doc = sampleDocument();
  // Rendered before the tests, so that a renderer that throws fails each of them by name.
  let pkg: Package;
  let document: Document;
  let paragraphs: Element[];
  beforeAll(() => {
    pkg = readPackage(renderDocx(doc));
    document = pkg.parts["word/document.xml"]!;
    paragraphs = all(document, "w:p");
  });

  it("is a package whose content types and relationships name every part it holds", () => {
    expect(Object.keys(pkg.files).sort()).toEqual(
      [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/footer1.xml",
        "word/footnotes.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/styles.xml",
      ].sort(),
    );
    const types = pkg.parts["[Content_Types].xml"]!;
    const overrides = all(types, "Override").map((o) => attr(o, "PartName"));
    const defaults = all(types, "Default").map((d) => attr(d, "Extension"));
    for (const path of Object.keys(pkg.files)) {
      if (path === "[Content_Types].xml") continue;
      const extension = path.split(".").pop()!;
      expect(overrides.includes(`/${path}`) || defaults.includes(extension), path).toBe(true);
    }
    for (const part of overrides) expect(pkg.files[part!.slice(1)], part!).toBeDefined();
    expect(overrides).toContain("/word/document.xml");

    const packageTargets = all(pkg.parts["_rels/.rels"]!, "Relationship").map((r) =>
      attr(r, "Target"),
    );
    expect(packageTargets.sort()).toEqual(
      ["docProps/app.xml", "docProps/core.xml", "word/document.xml"].sort(),
    );

    const relationships = all(pkg.parts["word/_rels/document.xml.rels"]!, "Relationship");
    const ids = new Set(relationships.map((r) => attr(r, "Id")));
    for (const r of relationships) {
      if (attr(r, "TargetMode") === "External") {
        expect(attr(r, "Type")).toMatch(/\/hyperlink$/);
        expect(attr(r, "Target")).toMatch(/^(https?|mailto):/);
      } else {
        expect(pkg.files[`word/${attr(r, "Target")}`], attr(r, "Target")!).toBeDefined();
      }
    }
    const types_ = relationships.map((r) => attr(r, "Type")!.split("/").pop());
    for (const type of ["styles", "numbering", "footnotes", "settings", "footer", "hyperlink"]) {
      expect(types_).toContain(type);
    }
    // Every relationship the document and its footer point to exists.
    for (const part of ["word/document.xml", "word/footer1.xml"]) {
      for (const id of pkg.xml[part]!.matchAll(/r:id="([^"]+)"/g)) expect(ids).toContain(id[1]);
    }
  });

  it("prints the title page, every part's text, table cell, signatory and the footnote", () => {
    const body = collapse(wordParagraphs(document).join("\n"));
    for (const expected of expectedTexts(doc)) expect(body).toContain(expected);
    for (const signatory of doc.signatories) {
      expect(body).toContain(signatory.organization);
      expect(body).toContain(signatory.person);
    }
    expect(body).toContain("Uno spazio compiti in biblioteca");

    const notes = all(pkg.parts["word/footnotes.xml"]!, "w:footnote");
    expect(notes.slice(0, 2).map((n) => [attr(n, "w:type"), attr(n, "w:id")])).toEqual([
      ["separator", "-1"],
      ["continuationSeparator", "0"],
    ]);
    const numbered = notes.filter((n) => Number(attr(n, "w:id")) > 0);
    expect(numbered.map((n) => collapse(wordText(n)))).toEqual(footnoteTexts(doc));
    const references = all(document, "w:footnoteReference").map((r) => attr(r, "w:id"));
    expect(references).toEqual(numbered.map((n) => attr(n, "w:id")));
    expect(pkg.xml["word/settings.xml"]).toContain('<w:footnote w:id="-1"/>');
  });

  it("puts the hash and page numbers in the footer of every page", () => {
    const footer = pkg.parts["word/footer1.xml"]!;
    const footerText = all(footer, "w:p").map(wordText).join("\n");
    expect(footerText).toContain(footerLine(doc));
    expect(footerText).toContain(doc.hash);
    expect(footerText).toMatch(/^Pagina 1 di 1$/m);
    const fields = all(footer, "w:instrText").map((i) => i.textContent?.trim().split(" ")[0]);
    expect(fields).toEqual(["PAGE", "NUMPAGES"]);

    const sections = all(document, "w:sectPr");
    expect(sections).toHaveLength(1);
    const size = all(sections[0]!, "w:pgSz")[0]!;
    expect([attr(size, "w:w"), attr(size, "w:h")]).toEqual(["11906", "16838"]);
    expect(all(sections[0]!, "w:pgMar")).toHaveLength(1);
    expect(attr(all(sections[0]!, "w:footerReference")[0]!, "w:type")).toBe("default");
  });

  it("has the styles a word processor's navigator knows, in Italian", () => {
    const styles = pkg.parts["word/styles.xml"]!;
    const byId = new Map(all(styles, "w:style").map((s) => [attr(s, "w:styleId"), s]));
    for (const id of [
      "Normal",
      "Title",
      "Caption",
      "TableGrid",
      "ListParagraph",
      "FootnoteText",
      "FootnoteReference",
      "Hyperlink",
    ]) {
      expect(byId.has(id), id).toBe(true);
    }
    for (const level of [1, 2, 3, 4]) {
      const heading = byId.get(`Heading${level}`)!;
      expect(attr(all(heading, "w:name")[0]!, "w:val")).toBe(`heading ${level}`);
      expect(attr(all(heading, "w:outlineLvl")[0]!, "w:val")).toBe(String(level - 1));
    }
    const defaults = all(styles, "w:rPrDefault")[0]!;
    expect(attr(all(defaults, "w:lang")[0]!, "w:val")).toBe("it-IT");
    expect(attr(all(defaults, "w:rFonts")[0]!, "w:ascii")).toBe("Arial");
    expect(pkg.xml["word/settings.xml"]).toContain('<w:themeFontLang w:val="it-IT"/>');

    const core = pkg.parts["docProps/core.xml"]!;
    expect(all(core, "dc:title")[0]!.textContent).toBe(doc.title);
    expect(all(core, "dcterms:created")[0]!.textContent).toBe("2026-11-26T10:00:00Z");
  });

  it("writes the title page, then each part from a new page under a Heading 1", () => {
    const first = paragraphs.findIndex((p) => styleOf(p) === "Heading1");
    expect(paragraphs.slice(0, first).map(wordText)).toEqual([
      titlePage(doc).kind,
      doc.title,
      titlePage(doc).roundtable,
      doc.versionLabel,
      titlePage(doc).date,
    ]);
    const parts = paragraphs.filter((p) => styleOf(p) === "Heading1");
    expect(parts.map(wordText)).toEqual(outline(doc).map((part) => part.title));
    for (const part of parts) expect(all(part, "w:pageBreakBefore")).toHaveLength(1);
    const subheading = paragraphs.find((p) => wordText(p) === "Principi condivisi")!;
    expect(styleOf(subheading)).toBe("Heading2");
  });

  it("keeps marks, links, lists and tables as Word's own", () => {
    const run = (content: string) => all(document, "w:r").find((r) => wordText(r) === content)!;
    expect(all(run("le scuole"), "w:b")).toHaveLength(1);
    expect(all(run("famiglie"), "w:i")).toHaveLength(1);
    const link = all(document, "w:hyperlink")[0]!;
    expect(wordText(link)).toBe("il sito");
    const rel = all(pkg.parts["word/_rels/document.xml.rels"]!, "Relationship").find(
      (r) => attr(r, "Id") === attr(link, "r:id"),
    )!;
    expect([attr(rel, "Target"), attr(rel, "TargetMode")]).toEqual([
      "https://www.comune.chieri.to.it/",
      "External",
    ]);
    for (const t of all(document, "w:t")) expect(attr(t, "xml:space")).toBe("preserve");

    const listLevel = (content: string) => {
      const p = paragraphs.find((x) => wordText(x) === content)!;
      const numId = attr(all(p, "w:numId")[0]!, "w:val")!;
      return { level: attr(all(p, "w:ilvl")[0]!, "w:val"), numId };
    };
    expect(listLevel("Ascolto delle famiglie").level).toBe("0");
    const nested = listLevel("tra enti");
    expect(nested.level).toBe("1");
    const numbering = pkg.parts["word/numbering.xml"]!;
    const abstractOf = (numId: string) => {
      const num = all(numbering, "w:num").find((n) => attr(n, "w:numId") === numId)!;
      const abstractId = attr(all(num, "w:abstractNumId")[0]!, "w:val");
      return all(numbering, "w:abstractNum").find(
        (a) => attr(a, "w:abstractNumId") === abstractId,
      )!;
    };
    const format = (numId: string, level: number) =>
      attr(all(all(abstractOf(numId), "w:lvl")[level]!, "w:numFmt")[0]!, "w:val");
    expect(format(listLevel("Ascolto delle famiglie").numId, 0)).toBe("bullet");
    expect(format(nested.numId, 1)).toBe("decimal");

    const tables = all(document, "w:tbl");
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(attr(all(table, "w:tblStyle")[0]!, "w:val")).toBe("TableGrid");
      const rows = all(table, "w:tr");
      expect(all(rows[0]!, "w:tblHeader")).toHaveLength(1);
      expect(all(rows[1]!, "w:tblHeader")).toHaveLength(0);
    }
    const captions = paragraphs.filter((p) => styleOf(p) === "Caption").map(wordText);
    expect(captions).toEqual([
      "Obiettivo 1. Più spazi compiti pomeridiani",
      "Sottoscrittori e aderenti",
    ]);
    const indicators = all(tables[1]!, "w:tc")[7]!;
    expect(all(indicators, "w:br")).toHaveLength(0);
    expect(wordText(indicators)).toBe(
      "Studenti iscritti (Valore di partenza: 0; Valore atteso: 40)",
    );
  });

  it("keeps hostile text as text, without the characters XML cannot hold", () => {
    const clean = xmlSafe(HOSTILE);
    expect(clean).not.toBe(HOSTILE);
    expect(wordParagraphs(document).filter((t) => t === clean).length).toBeGreaterThanOrEqual(2);
    for (const [path, part] of Object.entries(pkg.parts)) {
      expect(all(part, "script"), path).toHaveLength(0);
      expect(pkg.xml[path], path).not.toContain("<script");
      expect(hasControls(pkg.xml[path]!), path).toBe(false);
    }
  });

  it("drops links that are not http, https or mailto and encodes the rest", () => {
    const withLinks = sampleDocument({
      sections: [
        {
          key: "link",
          title: "Collegamenti",
          blocks: [
            paragraph(
              text("uno", { href: "javascript:alert(1)" }),
              text(" due", { href: "https://esempio.it/a b?x=1&y=<2>" }),
              text(" tre", { href: "mailto:tavolo@esempio.it" }),
            ),
          ],
        },
      ],
    });
    const links = readPackage(renderDocx(withLinks));
    const targets = all(links.parts["word/_rels/document.xml.rels"]!, "Relationship")
      .filter((r) => attr(r, "TargetMode") === "External")
      .map((r) => attr(r, "Target"));
    expect(targets).toEqual(["https://esempio.it/a%20b?x=1&y=%3C2%3E", "mailto:tavolo@esempio.it"]);
    expect(collapse(wordParagraphs(links.parts["word/document.xml"]!).join("\n"))).toContain(
      "uno due tre",
    );
  });

  it("speaks English when the document does", () => {
    const english = readPackage(renderDocx(sampleDocument({ locale: "en" })));
    expect(english.xml["word/styles.xml"]).toContain('<w:lang w:val="en-GB"');
  });

  it("reads back into the pact's sections through the Word importer", () => {
    const imported = importOffice(renderDocx(doc), "docx");
    expect(imported.sections.map((s) => s.title).filter(Boolean)).toEqual(
      outline(doc).map((part) => part.title),
    );
  });

  it("renders the forty-page document", () => {
    const long = fortyPageDocument();
    const big = readPackage(renderDocx(long));
    const body = collapse(wordParagraphs(big.parts["word/document.xml"]!).join("\n"));
    for (const expected of expectedTexts(long)) expect(body).toContain(expected);
    // A table per section, the objective's actions, the signatories.
    expect(all(big.parts["word/document.xml"]!, "w:tbl")).toHaveLength(long.sections.length + 2);
  });
});

// --- ODT ------------------------------------------------------------------------------------------

/**
 * Text as a word processor shows an ODF element: text:s as spaces, text:tab, text:line-break;
 * footnote bodies left out (they print at the page's foot), a line end after each paragraph.
 */
function odfText(node: Node): string {
  if (node.nodeType === 3) return node.nodeValue ?? "";
  if (node.nodeType !== 1) return "";
  const element = node as Element;
  switch (element.tagName) {
    case "text:note":
      return "";
    case "text:s":
      return " ".repeat(Number(attr(element, "text:c") ?? "1"));
    case "text:tab":
      return "\t";
    case "text:line-break":
      return "\n";
  }
  const inner = Array.from(element.childNodes).map(odfText).join("");
  return element.tagName === "text:p" || element.tagName === "text:h" ? `${inner}\n` : inner;
}

/** The zip's first local header: its name, compression method and extra field's length. */
function firstEntry(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(0, true)).toBe(0x04034b50);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const size = view.getUint32(18, true);
  const start = 30 + nameLength + extraLength;
  return {
    method: view.getUint16(8, true),
    name: strFromU8(bytes.subarray(30, 30 + nameLength)),
    extraLength,
    content: strFromU8(bytes.subarray(start, start + size)),
  };
}

describe("the LibreOffice export", () => {
  const doc = sampleDocument();
  let bytes: Uint8Array;
  let pkg: Package;
  let content: Document;
  let styles: Document;
  beforeAll(() => {
    bytes = renderOdt(doc);
    pkg = readPackage(bytes);
    content = pkg.parts["content.xml"]!;
    styles = pkg.parts["styles.xml"]!;
  });
  const bodyText = () => odfText(all(content, "office:text")[0]!);

  it("starts with its mimetype, stored, and its manifest lists every file", () => {
    expect(firstEntry(bytes)).toEqual({
      method: 0,
      name: "mimetype",
      extraLength: 0,
      content: "application/vnd.oasis.opendocument.text",
    });
    const entries = all(pkg.parts["META-INF/manifest.xml"]!, "manifest:file-entry");
    const listed = entries.map((e) => attr(e, "manifest:full-path"));
    const root = entries.find((e) => attr(e, "manifest:full-path") === "/")!;
    expect(attr(root, "manifest:media-type")).toBe("application/vnd.oasis.opendocument.text");
    expect(attr(root, "manifest:version")).toBe("1.3");
    const files = Object.keys(pkg.files).filter(
      (path) => path !== "mimetype" && path !== "META-INF/manifest.xml",
    );
    expect(listed.filter((path) => path !== "/").sort()).toEqual(files.sort());
    expect(files.sort()).toEqual(["content.xml", "meta.xml", "styles.xml"]);
    for (const path of files) {
      expect(attr(pkg.parts[path]!.documentElement, "office:version"), path).toBe("1.3");
    }
  });

  it("prints the title page, every part's text, table cell, signatory and the footnote", () => {
    const body = collapse(bodyText());
    for (const expected of expectedTexts(doc)) expect(body).toContain(expected);
    for (const signatory of doc.signatories) expect(body).toContain(signatory.person);

    const notes = all(content, "text:note");
    expect(notes.map((n) => attr(n, "text:note-class"))).toEqual(["footnote"]);
    expect(all(notes[0]!, "text:note-citation")[0]!.textContent).toBe("1");
    expect(collapse(odfText(all(notes[0]!, "text:note-body")[0]!))).toBe(footnoteTexts(doc)[0]);
  });

  it("puts the hash and page numbers in the footer of every page, on A4", () => {
    const footer = all(styles, "style:footer")[0]!;
    expect(odfText(footer)).toContain(footerLine(doc));
    expect(odfText(footer)).toContain(doc.hash);
    expect(collapse(odfText(footer))).toContain("Pagina 1 di 1");
    expect(all(footer, "text:page-number")).toHaveLength(1);
    expect(all(footer, "text:page-count")).toHaveLength(1);
    const master = all(styles, "style:master-page")[0]!;
    const layout = all(styles, "style:page-layout").find(
      (l) => attr(l, "style:name") === attr(master, "style:page-layout-name"),
    )!;
    const page = all(layout, "style:page-layout-properties")[0]!;
    expect([attr(page, "fo:page-width"), attr(page, "fo:page-height")]).toEqual(["21cm", "29.7cm"]);
  });

  it("has headings with outline levels, list and table styles, in Italian", () => {
    const named = new Map(all(styles, "style:style").map((s) => [attr(s, "style:name"), s]));
    for (const level of [1, 2, 3, 4]) {
      expect(attr(named.get(`Heading_20_${level}`)!, "style:default-outline-level")).toBe(
        String(level),
      );
    }
    expect(named.has("Title")).toBe(true);
    const lists = all(styles, "text:list-style").map((l) => attr(l, "style:name"));
    expect(lists).toEqual(["List_20_Bullet", "Numbering_20_123"]);
    const defaults = all(all(styles, "style:default-style")[0]!, "style:text-properties")[0]!;
    expect([attr(defaults, "fo:language"), attr(defaults, "fo:country")]).toEqual(["it", "IT"]);
    const meta = pkg.parts["meta.xml"]!;
    expect(all(meta, "dc:title")[0]!.textContent).toBe(doc.title);
    expect(all(meta, "dc:language")[0]!.textContent).toBe("it-IT");

    const headings = all(content, "text:h");
    const parts = headings.filter((h) => attr(h, "text:outline-level") === "1");
    expect(parts.map((h) => odfText(h).trim())).toEqual(outline(doc).map((p) => p.title));
    const subheading = headings.find((h) => odfText(h).trim() === "Principi condivisi")!;
    expect(attr(subheading, "text:outline-level")).toBe("2");
    const automatic = all(all(content, "office:automatic-styles")[0]!, "style:style");
    const part = automatic.find(
      (s) => attr(s, "style:name") === attr(parts[0]!, "text:style-name"),
    )!;
    expect(attr(part, "style:parent-style-name")).toBe("Heading_20_1");
    expect(attr(all(part, "style:paragraph-properties")[0]!, "fo:break-before")).toBe("page");
  });

  it("keeps marks, links, lists and tables as LibreOffice's own", () => {
    const span = (value: string) => all(content, "text:span").find((s) => odfText(s) === value)!;
    expect(attr(span("le scuole"), "text:style-name")).toBe("T_b");
    expect(attr(span("famiglie"), "text:style-name")).toBe("T_i");
    const link = all(content, "text:a")[0]!;
    expect([odfText(link), attr(link, "xlink:href")]).toEqual([
      "il sito",
      "https://www.comune.chieri.to.it/",
    ]);
    const lists = all(content, "text:list");
    expect(lists.map((l) => attr(l, "text:style-name"))).toEqual([
      "List_20_Bullet",
      "Numbering_20_123",
    ]);
    expect(lists[1]!.parentNode?.parentNode).toBe(lists[0]);

    const tables = all(content, "table:table");
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      const header = all(table, "table:table-header-rows");
      expect(header).toHaveLength(1);
      expect(all(header[0]!, "table:table-row")).toHaveLength(1);
    }
    const captions = all(content, "text:p")
      .filter((p) => attr(p, "text:style-name") === "Table")
      .map((p) => odfText(p).trim());
    expect(captions).toEqual([
      "Obiettivo 1. Più spazi compiti pomeridiani",
      "Sottoscrittori e aderenti",
    ]);
  });

  it("keeps hostile text as text, spaces included, without the characters XML cannot hold", () => {
    const clean = xmlSafe(HOSTILE);
    const paragraphs = all(content, "text:p").map((p) => odfText(p).replace(/\n$/, ""));
    expect(paragraphs.filter((t) => t === clean).length).toBeGreaterThanOrEqual(2);
    for (const [path, part] of Object.entries(pkg.parts)) {
      expect(all(part, "script"), path).toHaveLength(0);
      expect(pkg.xml[path], path).not.toContain("<script");
      expect(hasControls(pkg.xml[path]!), path).toBe(false);
    }
  });

  it("keeps runs of spaces, tabs and line ends, and a table inside a list item", () => {
    const table: Block = {
      kind: "table",
      table: { headerRows: 1, rows: [[[text("H")]], [[text("cella")]]] },
    };
    const spaced = sampleDocument({
      sections: [
        {
          key: "s",
          title: "Spazi",
          blocks: [
            paragraph(text("  due   spazi\tpoi"), { kind: "break" }, text(" a capo ")),
            {
              kind: "list",
              ordered: true,
              items: [
                [paragraph(text("uno")), table, paragraph(text("ancora uno"))],
                [paragraph(text("due"))],
              ],
            },
          ],
        },
      ],
    });
    const read = readPackage(renderOdt(spaced));
    const paragraphs = all(read.parts["content.xml"]!, "text:p").map((p) => odfText(p));
    expect(paragraphs).toContain("  due   spazi\tpoi\n a capo \n");
    // The list closes around the table and continues after it.
    const lists = all(read.parts["content.xml"]!, "text:list");
    expect(lists.map((l) => attr(l, "text:continue-numbering"))).toEqual([null, "true"]);
    expect(all(read.parts["content.xml"]!, "table:table")[0]!.parentNode!.nodeName).toBe(
      "office:text",
    );
  });

  it("drops links that are not http, https or mailto", () => {
    const withLinks = sampleDocument({
      sections: [
        {
          key: "link",
          title: "Collegamenti",
          blocks: [paragraph(text("uno", { href: "javascript:alert(1)" }), text(" due"))],
        },
      ],
    });
    const read = readPackage(renderOdt(withLinks));
    expect(all(read.parts["content.xml"]!, "text:a")).toHaveLength(0);
    expect(collapse(odfText(read.parts["content.xml"]!.documentElement))).toContain("uno due");
  });

  it("speaks English when the document does", () => {
    const english = readPackage(renderOdt(sampleDocument({ locale: "en" })));
    expect(english.xml["styles.xml"]).toContain('fo:language="en" fo:country="GB"');
    expect(all(english.parts["meta.xml"]!, "dc:language")[0]!.textContent).toBe("en-GB");
  });

  it("reads back into the pact's sections through the LibreOffice importer", () => {
    const imported = importOffice(bytes, "odt");
    expect(imported.sections.map((s) => s.title).filter(Boolean)).toEqual(
      outline(doc).map((part) => part.title),
    );
  });

  it("renders the forty-page document", () => {
    const long = fortyPageDocument();
    const big = readPackage(renderOdt(long));
    const body = collapse(odfText(all(big.parts["content.xml"]!, "office:text")[0]!));
    for (const expected of expectedTexts(long)) expect(body).toContain(expected);
    expect(all(big.parts["content.xml"]!, "table:table")).toHaveLength(long.sections.length + 2);
  });
});

describe("both office exports", () => {
  it("render minutes with no objectives, signatories, footnotes or links", () => {
    const minutes = sampleDocument({
      kind: "minutes",
      versionLabel: null,
      objectives: [],
      signatories: [],
      sections: [{ key: "body", title: "Verbale", blocks: [paragraph(text("Presenti: 12."))] }],
    });
    const docx = readPackage(renderDocx(minutes));
    expect(wordParagraphs(docx.parts["word/document.xml"]!)).toContain("Presenti: 12.");
    expect(all(docx.parts["word/footnotes.xml"]!, "w:footnote")).toHaveLength(2);
    expect(all(docx.parts["word/_rels/document.xml.rels"]!, "Relationship")).toHaveLength(5);
    const odt = readPackage(renderOdt(minutes));
    const headings = all(odt.parts["content.xml"]!, "text:h").map((h) => odfText(h).trim());
    expect(headings).toEqual(["Verbale"]);
    expect(odfText(all(odt.parts["styles.xml"]!, "style:footer")[0]!)).toContain(
      `Impronta SHA-256 ${minutes.hash}`,
    );
  });
});

describe("the strict XML reader these tests rely on", () => {
  it("refuses malformed parts and undeclared prefixes", () => {
    expect(() => strictXml("<a><b></a>", "broken")).toThrow();
    expect(() => strictXml('<a x="1" x="2"/>', "twice")).toThrow();
    expect(() => strictXml("<w:p/>", "prefix")).toThrow(/undeclared prefix/);
    expect(() => strictXml("<a>&nbsp;</a>", "entity")).toThrow();
    expect(() => strictXml("<a>x < y</a>", "stray")).toThrow();
    expect(() => strictXml("<a>R&D</a>", "ampersand")).toThrow();
    expect(() => strictXml("<a/><b/>", "roots")).toThrow();
    expect(() => strictXml("<a><b>", "unclosed")).toThrow();
    expect(strictXml('<?xml version="1.0"?>\n<a x="&lt;">t &amp; <b/></a>', "fine")).toBeDefined();
  });
});

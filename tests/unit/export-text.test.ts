import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { blocksFromMarkdown } from "../../core/export/from-markdown";
import { exportLabels } from "../../core/export/labels";
import type { Block, ExportDocument, Inline } from "../../core/export/model";
import { inlineText, outline, xmlSafe } from "../../core/export/outline";
import { translate } from "../../core/i18n";
import { renderHtml } from "../../server/export/html";
import { renderMarkdown } from "../../server/export/markdown";
import { renderCsv, renderJson } from "../../server/export/open-data";
import { HOSTILE, LABELS_IT, sampleDocument } from "../support/export-fixture";

const text = (value: string, marks: Partial<Omit<Inline & { kind: "text" }, "kind">> = {}) =>
  ({ kind: "text", text: value, ...marks }) as Inline;

/** Every piece of text in blocks, one per text block or table cell, with spaces collapsed. */
function textsOf(blocks: readonly Block[]): string[] {
  const clean = (inlines: readonly Inline[]) =>
    xmlSafe(inlineText(inlines)).replace(/\s+/g, " ").trim();
  return blocks.flatMap((block): string[] => {
    if (block.kind === "heading" || block.kind === "paragraph") return [clean(block.content)];
    if (block.kind === "list") return block.items.flatMap(textsOf);
    if (block.kind === "quote") return textsOf(block.blocks);
    if (block.kind === "table") return block.table.rows.flat().map(clean);
    return ["—"];
  });
}

function footnotesOf(blocks: readonly Block[]): string[] {
  const notes = (inlines: readonly Inline[]) =>
    inlines.flatMap((i) => (i.kind === "footnote" ? [i.text] : []));
  return blocks.flatMap((block): string[] => {
    if (block.kind === "heading" || block.kind === "paragraph") return notes(block.content);
    if (block.kind === "list") return block.items.flatMap(footnotesOf);
    if (block.kind === "quote") return footnotesOf(block.blocks);
    if (block.kind === "table") return block.table.rows.flat().flatMap(notes);
    return [];
  });
}

/** A small RFC 4180 reader that also says whether each field was quoted. */
function readCsv(csv: string): { value: string; quoted: boolean }[][] {
  const rows: { value: string; quoted: boolean }[][] = [];
  let row: { value: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < csv.length) {
    let value = "";
    let quoted = false;
    if (csv[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= csv.length) throw new Error("unterminated quoted field");
        if (csv[i] !== '"') value += csv[i++];
        else if (csv[i + 1] === '"') {
          value += '"';
          i += 2;
        } else {
          i++;
          break;
        }
      }
    } else {
      while (i < csv.length && csv[i] !== "," && csv[i] !== "\r") value += csv[i++];
    }
    row.push({ value, quoted });
    if (csv[i] === ",") i++;
    else if (csv.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < csv.length) throw new Error(`unexpected ${JSON.stringify(csv[i])} at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

describe("blocksFromMarkdown", () => {
  it("reads headings of levels 2 to 4, paragraphs, marks and hard breaks", () => {
    const blocks = blocksFromMarkdown(
      "## Due\n\n### Tre\n\n#### Quattro\n\nUno **grassetto** *corsivo* ~~barrato~~\\\nriga",
    );
    expect(blocks.slice(0, 3)).toEqual([
      { kind: "heading", level: 2, content: [text("Due")] },
      { kind: "heading", level: 3, content: [text("Tre")] },
      { kind: "heading", level: 4, content: [text("Quattro")] },
    ]);
    expect(blocks[3]).toEqual({
      kind: "paragraph",
      content: [
        text("Uno "),
        text("grassetto", { bold: true }),
        text(" "),
        text("corsivo", { italic: true }),
        text(" "),
        text("barrato", { strike: true }),
        { kind: "break" },
        text("riga"),
      ],
    });
  });

  it("reads nested lists, quotes and rules", () => {
    const blocks = blocksFromMarkdown("- uno\n  1. primo\n  2. secondo\n- due\n\n> citata\n\n---");
    expect(blocks).toEqual([
      {
        kind: "list",
        ordered: false,
        items: [
          [
            { kind: "paragraph", content: [text("uno")] },
            {
              kind: "list",
              ordered: true,
              items: [
                [{ kind: "paragraph", content: [text("primo")] }],
                [{ kind: "paragraph", content: [text("secondo")] }],
              ],
            },
          ],
          [{ kind: "paragraph", content: [text("due")] }],
        ],
      },
      { kind: "quote", blocks: [{ kind: "paragraph", content: [text("citata")] }] },
      { kind: "rule" },
    ]);
  });

  it("reads a GFM table with its header row", () => {
    const [table] = blocksFromMarkdown("| Scuola | Alunni |\n| --- | --- |\n| A \\| B | **420** |");
    expect(table).toEqual({
      kind: "table",
      table: {
        headerRows: 1,
        rows: [
          [[text("Scuola")], [text("Alunni")]],
          [[text("A | B")], [text("420", { bold: true })]],
        ],
      },
    });
  });

  it("keeps footnotes where they are cited, with their text", () => {
    const [paragraph] = blocksFromMarkdown("Vedi la delibera[^1].\n\n[^1]: Delibera n. 12.");
    expect(paragraph).toEqual({
      kind: "paragraph",
      content: [text("Vedi la delibera"), { kind: "footnote", text: "Delibera n. 12." }, text(".")],
    });
  });

  it("keeps http, https and mailto links and leaves any other address as plain text", () => {
    const [paragraph] = blocksFromMarkdown(
      "[sito](https://example.org/a) [posta](mailto:a@example.org) [male](javascript:alert(1))",
    );
    const inlines = paragraph!.kind === "paragraph" ? paragraph!.content : [];
    const hrefs = inlines.flatMap((i) => (i.kind === "text" && i.href ? [i.href] : []));
    expect(hrefs).toEqual(["https://example.org/a", "mailto:a@example.org"]);
    expect(inlineText(inlines)).toContain("male");
    expect(JSON.stringify(inlines)).not.toMatch(/"href":"javascript/);
  });
});

describe("exportLabels", () => {
  it.each(["it", "en"] as const)("gives every label in %s from the catalogue", (locale) => {
    const labels = exportLabels(locale, "pact");
    const fallback = translate(locale, "error.invalid");
    expect(Object.keys(labels).sort()).toEqual(Object.keys(LABELS_IT).sort());
    for (const [key, value] of Object.entries(labels)) {
      if (key === "groups") continue;
      expect(value, key).toBeTypeOf("string");
      expect(value, key).not.toBe(fallback);
      expect(value, key).not.toBe("");
    }
    expect(Object.keys(labels.groups).sort()).toEqual(
      ["association", "family", "health", "other", "school", "social_services", "unknown"].sort(),
    );
    expect(Object.values(labels.groups)).not.toContain(fallback);
    expect(exportLabels(locale, "minutes").documentKind).not.toBe(labels.documentKind);
  });

  it("names groups as the minutes do, in Italian first", () => {
    const labels = exportLabels("it", "minutes");
    expect(labels.documentKind).toBe("Verbale");
    expect(labels.groups.family).toBe(translate("it", "minutes.group_family"));
    expect(labels.groups.unknown).toBe("Non indicato");
    expect(exportLabels("en", "pact").groups.unknown).toBe("Not given");
  });
});

describe("renderMarkdown", () => {
  const doc = sampleDocument();
  const md = renderMarkdown(doc);

  it("writes the title page, every part's title, the footnotes and the footer line", () => {
    expect(md.startsWith("**Patto educativo**")).toBe(true);
    for (const part of outline(doc)) expect(md).toContain(`\n# ${part.title}\n`);
    expect(md).toContain("del territorio[^1]");
    // Escaped only where it would be markup: the text stays readable as it is.
    expect(md).toContain("\n[^1]: Delibera n. 12 del 3 marzo 2026.\n");
    expect(md).toContain("Tavolo educativo di Chieri — Chieri (TO)");
    expect(md.trimEnd().endsWith(doc.hash)).toBe(true);
    expect(md).toContain("\n---\n\nVersione 3 — Testo approvato");
    expect(md).not.toMatch(/(^|[^\\])<\/?script/m);
    expect(md).toContain("\\<script>");
  });

  it("reads back as the same text, part by part", () => {
    const notes = md.split("\n").filter((line) => /^\[\^\d+\]: /.test(line));
    const [, ...bodies] = md.split(/^# .*$/m);
    const parts = outline(doc);
    expect(bodies).toHaveLength(parts.length);
    parts.forEach((part, p) => {
      const body = bodies[p]!.split(/^\[\^1\]: |^---\n\nVersione/m)[0]!;
      const read = blocksFromMarkdown(`${body}\n\n${notes.join("\n")}`);
      expect(textsOf(read), part.title).toEqual(textsOf(part.blocks));
      expect(footnotesOf(read), part.title).toEqual(footnotesOf(part.blocks));
    });
    // Marks and links come back as they were.
    const first = blocksFromMarkdown(`${bodies[0]!.split(/^## /m)[0]}\n\n${notes.join("\n")}`);
    expect(first[0]).toEqual(doc.sections[0]!.blocks[0]);
  });

  it("writes a mark that spans runs with other marks once, so that it reads back", () => {
    const paragraph: Block = {
      kind: "paragraph",
      content: [
        text("a ", { bold: true }),
        text("b", { bold: true, italic: true }),
        text(" c", { bold: true }),
        text(" ~~no~~ &amp; "),
        text("link", { href: "https://example.org/a b(c)", italic: true }),
      ],
    };
    const only = sampleDocument({
      kind: "minutes",
      objectives: [],
      sections: [{ key: "s", title: "S", blocks: [paragraph] }],
    });
    const body = renderMarkdown(only).split(/^# S$/m)[1]!.split(/^---$/m)[0]!;
    expect(body.trim()).toBe(
      "**a *b* c** \\~\\~no\\~\\~ \\&amp; [*link*](<https://example.org/a b(c)>)",
    );
    expect(blocksFromMarkdown(body)).toEqual([paragraph]);
  });

  it("numbers footnotes across parts and keeps a table cell on one line", () => {
    const note = (t: string): Inline => ({ kind: "footnote", text: t });
    const two = sampleDocument({
      kind: "minutes",
      objectives: [],
      sections: [
        {
          key: "a",
          title: "A",
          blocks: [{ kind: "paragraph", content: [text("uno"), note("n1")] }],
        },
        {
          key: "b",
          title: "B",
          blocks: [
            {
              kind: "table",
              table: {
                headerRows: 1,
                rows: [
                  [[text("x | y")], [text("z")]],
                  [[text("riga"), { kind: "break" }, text("due"), note("n2")], [text("w")]],
                ],
              },
            },
          ],
        },
      ],
    });
    const out = renderMarkdown(two);
    expect(out).toContain("uno[^1]");
    expect(out).toContain("| x \\| y | z |\n| --- | --- |\n| riga due[^2] | w |");
    expect(out).toContain("[^1]: n1\n[^2]: n2");
  });
});

describe("renderHtml", () => {
  const doc = sampleDocument();
  const html = renderHtml(doc);
  const page = new DOMParser().parseFromString(html, "text/html");
  const all = (tag: string) => Array.from(page.getElementsByTagName(tag));

  it("is a standalone HTML5 page in the document's language", () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="it">')).toBe(true);
    expect(page.documentElement!.getAttribute("lang")).toBe("it");
    expect(renderHtml(sampleDocument({ locale: "en" }))).toContain('<html lang="en">');
    expect(all("title")[0]!.textContent).toBe("Patto educativo — Patto educativo di Chieri");
    expect(html).toContain("@page");
    expect(html).not.toMatch(/<link|<img|src=/);
  });

  it("escapes every piece of people's text", () => {
    expect(all("script")).toHaveLength(0);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("\u0001");
    const hostile = all("p").find((p) => p.textContent?.includes("alert"));
    expect(hostile!.textContent).toBe(xmlSafe(HOSTILE));
  });

  it("has one h1 and headings that go down one level at a time", () => {
    const levels = Array.from(page.getElementsByTagName("*"))
      .filter((e) => /^h[1-6]$/i.test(e.nodeName))
      .map((e) => Number(e.nodeName.slice(1)));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1);
    });
  });

  it("writes tables with captions and column headers", () => {
    const captions = all("caption").map((c) => c.textContent);
    expect(captions).toEqual([
      "Obiettivo 1. Più spazi compiti pomeridiani",
      "Sottoscrittori e aderenti",
    ]);
    for (const table of all("table")) {
      const headers = Array.from(table.getElementsByTagName("th"));
      expect(headers.length).toBeGreaterThan(0);
      for (const th of headers) expect(th.getAttribute("scope")).toBe("col");
    }
    const cells = all("td").map((td) => td.textContent);
    expect(cells).toContain("Media Vittone");
    expect(cells).toContain("Franca Rossi");
  });

  it("links the contents to the parts and the notes back to the text", () => {
    const ids = new Set(
      Array.from(page.getElementsByTagName("*")).map((e) => e.getAttribute("id")),
    );
    const internal = all("a")
      .map((a) => a.getAttribute("href")!)
      .filter((href) => href.startsWith("#"));
    for (const href of internal) expect(ids.has(href.slice(1)), href).toBe(true);
    const contents = all("nav")[0]!.getElementsByTagName("a");
    expect(Array.from(contents).map((a) => a.textContent)).toEqual(
      outline(doc).map((part) => part.title),
    );
    expect(page.getElementById("note-1")!.textContent).toContain("Delibera n. 12");
    expect(page.getElementById("ref-1")!.getAttribute("href")).toBe("#note-1");
  });

  it("prints the version and the hash in the footer", () => {
    const footer = all("footer")[0]!.textContent!;
    expect(footer).toContain("Versione 3 — Testo approvato");
    expect(footer).toContain(doc.hash);
  });

  it("links only to http, https and mailto addresses", () => {
    const risky = sampleDocument({
      sections: [
        {
          key: "s",
          title: "S",
          blocks: [
            {
              kind: "paragraph",
              content: [
                text("uno", { href: "javascript:alert(1)" }),
                text("due", { href: "mailto:a@example.org" }),
              ],
            },
          ],
        },
      ],
    });
    const out = renderHtml(risky);
    expect(out).not.toContain("javascript:");
    expect(out).toContain('<a href="mailto:a@example.org">due</a>');
  });
});

describe("renderCsv", () => {
  const base = sampleDocument();
  const doc: ExportDocument = {
    ...base,
    objectives: [
      ...base.objectives,
      {
        id: "o3",
        title: "=SOMMA(A1)",
        area: "-1+1",
        voices: { family: 2 },
        actions: [
          {
            title: "+39 011",
            responsible: "@cmd",
            partners: ["\tuno", "due"],
            indicators: [
              { measure: "Prima", baseline: "1", target: "2" },
              { measure: "Seconda\nriga", baseline: '"0"', target: "\r3" },
            ],
            resources: { staffHours: null, euros: 12.25, fundingSource: "" },
            start: "2027-03-01",
            end: null,
          },
          {
            title: "Senza indicatori",
            responsible: null,
            partners: [],
            indicators: [],
            resources: { staffHours: 8, euros: null, fundingSource: "Comune" },
            start: null,
            end: null,
          },
        ],
      },
    ],
  };
  const csv = renderCsv(doc);
  const rows = readCsv(csv.slice(1));
  const values = rows.map((row) => row.map((field) => field.value));

  it("is UTF-8 with a BOM, CRLF lines and every field quoted", () => {
    expect(csv.startsWith('\uFEFF"')).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replace(/"[^"]*"/g, "")).not.toMatch(/[^\r]\n/);
    for (const row of rows) for (const field of row) expect(field.quoted).toBe(true);
  });

  it("has one row per indicator, and one for an action or objective with none", () => {
    // Header; o1: one action, one indicator; o2: no actions; o3: two indicators, then none.
    expect(rows).toHaveLength(1 + 1 + 1 + 2 + 1);
    for (const row of rows) expect(row).toHaveLength(17);
    expect(values[0]).toEqual([
      "N. obiettivo",
      "Obiettivo",
      "Area",
      "Voci",
      "Azione",
      "Ente responsabile",
      "Partner",
      "Indicatori",
      "Valore di partenza",
      "Valore atteso",
      "Ore di personale",
      "Euro",
      "Fonte di finanziamento",
      "Inizio",
      "Fine",
      "Versione",
      "Impronta SHA-256",
    ]);
    expect(values[1]).toEqual([
      "1",
      "Più spazi compiti pomeridiani",
      "B — Scuola e formazione",
      "Famiglie 12, Scuola 4",
      "Uno spazio compiti in biblioteca",
      "Comune di Chieri",
      'Istituto comprensivo Chieri I; =HYPERLINK("http://x")',
      "Studenti iscritti",
      "0",
      "40",
      "120",
      "4500.5",
      "Fondo povertà educativa",
      "2027-01-10",
      "2027-06-30",
      "Versione 3 — Testo approvato",
      doc.hash,
    ]);
    expect(values[2]!.slice(0, 2)).toEqual(["2", xmlSafe(HOSTILE)]);
    expect(values[2]!.slice(4, 15).every((v) => v === "")).toBe(true);
    expect(values[4]!.slice(7, 10)).toEqual(["Seconda\nriga", '"0"', "'\r3"]);
    expect(values[5]!.slice(4, 15)).toEqual([
      "Senza indicatori",
      "",
      "",
      "",
      "",
      "",
      "8",
      "",
      "Comune",
      "",
      "",
    ]);
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    const row = values[3]!;
    expect(row.slice(0, 8)).toEqual([
      "3",
      "'=SOMMA(A1)",
      "'-1+1",
      "Famiglie 2",
      "'+39 011",
      "'@cmd",
      "'\tuno; due",
      "Prima",
    ]);
    expect(row[11]).toBe("12.25");
    expect(row[13]).toBe("2027-03-01");
    for (const field of values.flat()) expect(field).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("renderJson", () => {
  it("writes the pact, its objectives and its signatories, pretty-printed", () => {
    const doc = sampleDocument();
    const json = renderJson(doc);
    expect(json).toContain('\n  "pact": {\n    "title": "Patto educativo di Chieri",');
    const data = JSON.parse(json);
    expect(data.pact).toEqual({
      title: doc.title,
      roundtable: doc.roundtable,
      territory: doc.territory,
      version: doc.versionLabel,
      hash: doc.hash,
      date: "2026-11-26T10:00:00.000Z",
    });
    expect(data.objectives).toEqual(doc.objectives);
    expect(data.signatories).toEqual(
      doc.signatories.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
    );
    expect(Object.keys(data)).toEqual(["pact", "objectives", "signatories"]);
  });
});

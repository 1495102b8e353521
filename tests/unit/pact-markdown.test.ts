import type { JSONContent } from "@tiptap/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pactSchema } from "../../core/pact/extensions";
import { markdownToSection, sectionToMarkdown } from "../../core/pact/markdown";

const text = (value: string, marks: JSONContent["marks"] = undefined): JSONContent =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
/** A document as the schema stores it (default attributes filled in). */
const stored = (json: JSONContent) => pactSchema().nodeFromJSON(json).toJSON() as JSONContent;

/** Markdown → document → Markdown → document gives the same document. */
function expectStable(markdown: string) {
  const first = markdownToSection(markdown);
  const written = sectionToMarkdown(first);
  expect(markdownToSection(written)).toEqual(first);
  expect(sectionToMarkdown(markdownToSection(written))).toBe(written);
}

describe("markdownToSection and sectionToMarkdown", () => {
  it.each([
    ["headings 2 to 4", "## Premesse\n\n### Contesto\n\n#### Norme"],
    ["bold, italic and strike", "Un **patto** *educativo* ~~vecchio~~ di comunità"],
    ["nested marks", "***tutto*** e **grassetto *e corsivo***"],
    [
      "links with and without a title",
      '[Regione](https://www.regione.it/bando "Il bando") e <https://a.it>',
    ],
    ["an e-mail link", "Scrivere a [segreteria](mailto:segreteria@comune.it)"],
    ["bullet lists, nested", "- scuole\n  - primarie\n  - secondarie\n- famiglie"],
    ["ordered lists from any number", "3. terzo\n4. quarto\n   1. primo sotto"],
    ["a list item with two paragraphs", "- primo\n\n  seguito\n- secondo"],
    ["a blockquote with a list", "> citato\n>\n> - punto"],
    ["a horizontal rule", "prima\n\n---\n\ndopo"],
    ["a hard break", "riga uno\\\nriga due"],
    [
      "a table with alignment",
      "| Azione | Ore |\n| :--- | ---: |\n| Doposcuola | 120 |\n| Centro estivo | 80 |",
    ],
    [
      "footnotes",
      "Il patto[^1] vale tre anni[^2].\n\n[^1]: Firmato il 3 maggio.\n[^2]: Rinnovabile.",
    ],
    [
      "escaped punctuation",
      "1\\. non è una lista, # non è un titolo, \\*non corsivo\\*, a_b_c, \\[x\\]",
    ],
    ["escaped punctuation after a hard break", "uno\\\n\\- due\\\n\\# tre\\\n2\\) quattro"],
  ])("keep %s through a round trip", (_name, markdown) => {
    const section = markdownToSection(markdown);
    expect(sectionToMarkdown(section)).toBe(markdown);
    expect(markdownToSection(sectionToMarkdown(section))).toEqual(section);
  });

  it("reads headings, marks, links, lists, tables and footnotes into the pact schema", () => {
    const section = markdownToSection(
      "## Obiettivi\n\nUn **forte** [legame](https://a.it)[^n]\n\n- uno\n\n| A |\n| - |\n| b |\n\n[^n]: Vedi *allegato*.",
    );
    expect(section).toEqual(
      stored(
        doc(
          { type: "heading", attrs: { level: 2 }, content: [text("Obiettivi")] },
          paragraph(
            text("Un "),
            text("forte", [{ type: "bold" }]),
            text(" "),
            text("legame", [{ type: "link", attrs: { href: "https://a.it" } }]),
            { type: "footnote", attrs: { text: "Vedi allegato." } },
          ),
          {
            type: "bulletList",
            content: [{ type: "listItem", content: [paragraph(text("uno"))] }],
          },
          {
            type: "table",
            content: [
              {
                type: "tableRow",
                content: [{ type: "tableHeader", content: [paragraph(text("A"))] }],
              },
              {
                type: "tableRow",
                content: [{ type: "tableCell", content: [paragraph(text("b"))] }],
              },
            ],
          },
        ),
      ),
    );
  });

  it("keeps raw HTML as text, never as markup", () => {
    const section = markdownToSection('<script>alert("x")</script>\n\nUn <b>grassetto</b> finto');
    expect(section).toEqual(
      stored(
        doc(
          paragraph(text('<script>alert("x")</script>')),
          paragraph(text("Un <b>grassetto</b> finto")),
        ),
      ),
    );
    expectStable(sectionToMarkdown(section));
  });

  it("makes links only of web and e-mail addresses", () => {
    const section = markdownToSection(
      "[x](javascript:alert(1)) [y](file:///etc/passwd) [z](http://a.it)",
    );
    const links = JSON.stringify(section).match(/"href":"[^"]*"/g);
    expect(links).toEqual(['"href":"http://a.it"']);
  });

  it("keeps a link's address exactly as written", () => {
    const section = doc(
      paragraph(
        text("città", [
          { type: "link", attrs: { href: "https://it.wikipedia.org/wiki/Città_(x)" } },
        ]),
      ),
    );
    expect(markdownToSection(sectionToMarkdown(section))).toEqual(stored(section));
  });

  it("brings other heading levels into 2–4 and drops code and images to text", () => {
    expect(sectionToMarkdown(markdownToSection("# Uno\n\n###### Sei"))).toBe("## Uno\n\n#### Sei");
    expect(sectionToMarkdown(markdownToSection("`codice` e ![foto](https://a.it/f.png)"))).toBe(
      "\\`codice\\` e \\![foto](https://a.it/f.png)",
    );
  });

  it("writes a section's own text without the markup Markdown cannot hold", () => {
    const section = doc(
      paragraph(text("  spazi attorno  "), { type: "hardBreak" }),
      paragraph(),
      paragraph(text("fine")),
    );
    expect(sectionToMarkdown(section)).toBe("spazi attorno\n\nfine");
  });

  it("writes an empty section as nothing, and reads nothing as an empty section", () => {
    expect(sectionToMarkdown(doc(paragraph()))).toBe("");
    expect(markdownToSection("")).toEqual(stored(doc(paragraph())));
  });

  it("writes the text as before the pending proposals by default, or every character as-is", () => {
    const by = { suggestionId: "s1", authorId: "u1", authorName: "Anna", at: 1 };
    const section = doc(
      paragraph(
        text("Il patto dura "),
        text("tre", [{ type: "deletion", attrs: by }]),
        text("cinque", [{ type: "insertion", attrs: by }]),
        text(" anni", [{ type: "bold" }]),
        {
          type: "footnote",
          attrs: { text: "proposta" },
          marks: [{ type: "insertion", attrs: by }],
        },
      ),
    );
    expect(sectionToMarkdown(section)).toBe("Il patto dura tre **anni**");
    expect(sectionToMarkdown(section, { suggestions: "accepted-text" })).toBe(
      "Il patto dura tre **anni**",
    );
    expect(sectionToMarkdown(section, { suggestions: "as-is" })).toBe(
      "Il patto dura trecinque **anni**[^1]\n\n[^1]: proposta",
    );
  });

  it("numbers footnotes in order of citation and reads their text as plain text", () => {
    const section = markdownToSection("b[^b] a[^a]\n\n[^a]: prima\n[^b]: **seconda**\n  continua");
    expect(sectionToMarkdown(section)).toBe("b[^1] a[^2]\n\n[^1]: seconda continua\n[^2]: prima");
  });

  it("keeps two lists in a row as two lists", () => {
    const list = (type: string) => ({
      type,
      content: [{ type: "listItem", content: [paragraph(text(type))] }],
    });
    const section = doc(
      list("bulletList"),
      list("bulletList"),
      list("orderedList"),
      list("orderedList"),
    );
    expect(markdownToSection(sectionToMarkdown(section))).toEqual(stored(section));
  });

  it("makes a table GFM can hold: header row, one line per cell, same width, column alignment", () => {
    const cell = (type: string, ...content: JSONContent[]) => ({ type, content });
    const table = doc({
      type: "table",
      content: [
        { type: "tableRow", content: [cell("tableCell", paragraph(text("a")))] },
        {
          type: "tableRow",
          content: [
            cell(
              "tableCell",
              paragraph(text("b")),
              paragraph(text("c"), { type: "hardBreak" }, text("d")),
            ),
            cell("tableCell", paragraph(text("e|f"))),
          ],
        },
      ],
    });
    const markdown = sectionToMarkdown(table);
    expect(markdown).toBe("| a |  |\n| --- | --- |\n| b c d | e\\|f |");
    expectStable(markdown);
  });
});

// --- Properties --------------------------------------------------------------------------------

const LETTERS = "abcdefghijklmnopqrstuvwxyzàèéìòùABCZ0123456789";
const PUNCTUATION = [
  ".",
  ",",
  ";",
  ":",
  "!",
  "?",
  "'",
  '"',
  "(",
  ")",
  "-",
  "*",
  "_",
  "[",
  "]",
  "#",
  "<",
  ">",
  "&",
  "|",
  "\\",
  "`",
  "~",
  "=",
  "+",
  "1.",
  "&amp;",
];
const word = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 8 }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PUNCTUATION) },
);
const alnumWord = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 8 });
const HREFS = [
  "https://a.it",
  "https://www.regione.it/bando?id=3&x=y",
  "mailto:a@b.it",
  "http://x.org/a_(b)",
];
const markSet = fc.record({
  bold: fc.boolean(),
  italic: fc.boolean(),
  strike: fc.boolean(),
  link: fc.option(fc.constantFrom(...HREFS), { nil: undefined }),
});

/** Inline content Markdown can hold exactly: marked words set apart by plain spaces. */
const inline = (breaks: boolean) =>
  fc
    .array(
      fc.record({
        word: fc.oneof(word, alnumWord),
        marked: fc.boolean(),
        marks: markSet,
        separator: breaks
          ? fc.constantFrom(" ", " ", " ", "break", "note")
          : fc.constantFrom(" ", " ", "note"),
        note: fc.array(word, { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((items) => {
      const out: JSONContent[] = [];
      items.forEach((item, i) => {
        const marks: NonNullable<JSONContent["marks"]> = [];
        if (item.marked) {
          if (item.marks.link) marks.push({ type: "link", attrs: { href: item.marks.link } });
          if (item.marks.bold) marks.push({ type: "bold" });
          if (item.marks.italic) marks.push({ type: "italic" });
          if (item.marks.strike) marks.push({ type: "strike" });
        }
        // Emphasis around punctuation next to letters is not emphasis in CommonMark: mark words only.
        const value =
          marks.length > 0 ? item.word.replace(/[^\p{L}\p{N}]/gu, "") || "w" : item.word;
        out.push(text(value, marks.length > 0 ? marks : undefined));
        if (i === items.length - 1) return;
        if (item.separator === "break") out.push({ type: "hardBreak" });
        else if (item.separator === "note") {
          out.push({ type: "footnote", attrs: { text: item.note.join(" ") } }, text(" "));
        } else out.push(text(item.separator));
      });
      return out;
    });
const inlineContent = inline(true);

const cellContent = fc
  .array(fc.oneof(word, alnumWord), { minLength: 0, maxLength: 3 })
  .map((words) => [paragraph(...(words.length ? [text(words.join(" "))] : []))]);

const tableNode = fc
  .record({
    columns: fc.integer({ min: 1, max: 3 }),
    rows: fc.integer({ min: 1, max: 3 }),
    aligns: fc.array(fc.constantFrom(null, "left", "center", "right"), {
      minLength: 3,
      maxLength: 3,
    }),
    cells: fc.array(cellContent, { minLength: 12, maxLength: 12 }),
  })
  .map(({ columns, rows, aligns, cells }): JSONContent => ({
    type: "table",
    content: Array.from({ length: rows }, (_, r) => ({
      type: "tableRow",
      content: Array.from({ length: columns }, (_, c) => ({
        type: r === 0 ? "tableHeader" : "tableCell",
        attrs: { align: aligns[c] },
        content: cells[r * columns + c],
      })),
    })),
  }));

const { block: blockNode } = fc.letrec<{ block: JSONContent; list: JSONContent }>((tie) => ({
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 5, arbitrary: inlineContent.map((content) => paragraph(...content)) },
    {
      weight: 2,
      arbitrary: fc
        .record({ level: fc.constantFrom(2, 3, 4), content: inline(false) })
        .map(({ level, content }): JSONContent => ({ type: "heading", attrs: { level }, content })),
    },
    { weight: 1, arbitrary: fc.constant<JSONContent>({ type: "horizontalRule" }) },
    { weight: 2, arbitrary: tie("list") },
    {
      weight: 1,
      arbitrary: fc
        .array(tie("block"), { minLength: 1, maxLength: 2 })
        .map((content): JSONContent => ({ type: "blockquote", content })),
    },
    { weight: 1, arbitrary: tableNode },
  ),
  list: fc
    .record({
      ordered: fc.boolean(),
      start: fc.integer({ min: 0, max: 12 }),
      items: fc.array(
        fc.record({
          first: inlineContent,
          rest: fc.array(tie("block"), { maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ ordered, start, items }): JSONContent => ({
      type: ordered ? "orderedList" : "bulletList",
      ...(ordered ? { attrs: { start } } : {}),
      content: items.map((item) => ({
        type: "listItem",
        content: [paragraph(...item.first), ...item.rest.filter((b) => b.type !== "table")],
      })),
    })),
}));

const section = fc
  .array(blockNode, { minLength: 1, maxLength: 5 })
  .map((content) => stored(doc(...content)));

const MARKDOWN_PIECES = [
  "uno",
  "due",
  "è",
  " ",
  " ",
  "  ",
  "\n",
  "\n",
  "\n\n",
  "**",
  "*",
  "_",
  "~~",
  "[",
  "]",
  "(",
  ")",
  "](https://a.it)",
  "<https://a.it>",
  "## ",
  "# ",
  "- ",
  "* ",
  "+ ",
  "1. ",
  "2) ",
  "> ",
  "---",
  "| a | b |\n| - | - |\n",
  "|",
  "[^1]",
  "[^1]: nota\n",
  "\\",
  "\\\n",
  "<b>",
  "&amp;",
  "&#32;",
  "`",
  "    ",
  "\t",
  "===",
  "#",
  "!",
  ":",
  "\u00a0",
];
const markdownish = fc
  .array(fc.constantFrom(...MARKDOWN_PIECES), { maxLength: 30 })
  .map((pieces) => pieces.join(""));

describe("Markdown round trip properties", () => {
  it("gives back any section Markdown can hold exactly", () => {
    fc.assert(
      fc.property(section, (original) => {
        expect(markdownToSection(sectionToMarkdown(original))).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });

  it("is stable from any Markdown: Markdown → section → Markdown → section gives the same section", () => {
    fc.assert(
      fc.property(markdownish, (markdown) => {
        const first = markdownToSection(markdown);
        const written = sectionToMarkdown(first);
        expect(markdownToSection(written)).toEqual(first);
        expect(sectionToMarkdown(markdownToSection(written))).toBe(written);
      }),
      {
        numRuns: 3000,
        // Found by CI and by a 60,000-run search: a link opening inside emphasis on a space (the
        // space goes out of both); italic running on where bold ends (written `****`).
        examples: [
          ["*uno[ uno](https://a.it)* "],
          ["*uno [due ](https://a.it)tre*"],
          ["***uno**!*"],
        ],
      },
    );
  });

  it("always gives a document the pact schema accepts", () => {
    fc.assert(
      fc.property(markdownish, (markdown) => {
        expect(() => pactSchema().nodeFromJSON(markdownToSection(markdown)).check()).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

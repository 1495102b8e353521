import { describe, expect, it } from "vitest";
import type { Block, ExportDocument, Inline } from "../../core/export/model";
import {
  footerLine,
  footnoteNumbers,
  formatDateTime,
  outline,
  titlePage,
  xmlSafe,
} from "../../core/export/outline";
import { renderPdf } from "../../server/export/pdf";
import { fortyPageDocument, HOSTILE, LABELS_IT, sampleDocument } from "../support/export-fixture";
import { pdfText, withoutSpace } from "../support/pdf-text";

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * Text as the PDF prints it: no control characters, footnote references as superscript numbers,
 * emoji (which DejaVu Sans lacks) as U+FFFD, and no whitespace (lines and pages wrap anywhere).
 */
function printed(inlines: readonly Inline[], footnotes: Map<Inline, number>): string {
  const text = inlines
    .map((inline) =>
      inline.kind === "text"
        ? inline.text
        : inline.kind === "footnote"
          ? [...String(footnotes.get(inline))].map((d) => SUPERSCRIPTS[Number(d)]).join("")
          : "\n",
    )
    .join("");
  return withoutSpace(xmlSafe(text).replace(/\p{Extended_Pictographic}/gu, "\ufffd"));
}

/** Every text block and table cell of the body, as printed. */
function textsOf(blocks: readonly Block[], footnotes: Map<Inline, number>): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.kind === "heading" || block.kind === "paragraph") {
      return [printed(block.content, footnotes)];
    }
    if (block.kind === "list") return block.items.flatMap((item) => textsOf(item, footnotes));
    if (block.kind === "quote") return textsOf(block.blocks, footnotes);
    if (block.kind === "table") {
      return block.table.rows.flat().map((cell) => printed(cell, footnotes));
    }
    return [];
  });
}

interface ReadPdf {
  pages: string[];
  info: Record<string, unknown>;
  /** The pages after the title page, each without whitespace and without its footer. */
  bodies: string[];
  /** The bodies joined: a paragraph that runs onto the next page reads as one. */
  body: string;
}

/** Reads a PDF and checks the footer of every page but the title page on the way. */
async function readPdf(doc: ExportDocument, bytes: Uint8Array): Promise<ReadPdf> {
  const { pages, info } = await pdfText(bytes);
  const footer = withoutSpace(footerLine(doc));
  const bodies = pages.slice(1).map((page, i) => {
    const text = withoutSpace(page);
    const pageLabel = withoutSpace(`${doc.labels.page} ${i + 2} ${doc.labels.of} ${pages.length}`);
    // The footer is written last on each page, so its text comes last.
    expect(text.endsWith(footer + pageLabel), `footer of page ${i + 2}`).toBe(true);
    return text.slice(0, -(footer + pageLabel).length);
  });
  return { pages, info, bodies, body: bodies.join("") };
}

describe("the PDF export", () => {
  it("prints the title page, every part, paragraph, table cell and footnote of the document", async () => {
    const doc = sampleDocument();
    const pdf = await readPdf(doc, await renderPdf(doc));
    const parts = outline(doc);
    const footnotes = footnoteNumbers(parts);

    const title = titlePage(doc);
    const cover = withoutSpace(pdf.pages[0]!);
    for (const line of [title.kind, title.title, title.roundtable, title.version!, title.date]) {
      expect(cover).toContain(withoutSpace(line));
    }
    expect(cover).not.toContain(withoutSpace(footerLine(doc)));

    for (const part of parts) {
      // Each part starts a page with its title.
      expect(pdf.bodies.some((page) => page.startsWith(withoutSpace(part.title)))).toBe(true);
      for (const text of textsOf(part.blocks, footnotes)) expect(pdf.body).toContain(text);
    }
    expect(pdf.body).toContain(
      withoutSpace(`${LABELS_IT.footnotes}1. Delibera n. 12 del 3 marzo 2026.`),
    );
    expect(pdf.body).toContain(withoutSpace("del territorio¹. Vedi il sito."));
  });

  it("lists the objectives and actions, and the signatories, as tables", async () => {
    const doc = sampleDocument();
    const pdf = await readPdf(doc, await renderPdf(doc));
    for (const cell of [
      "Obiettivo 1. Più spazi compiti pomeridiani",
      "Area: B — Scuola e formazione · Voci: Famiglie 12, Scuola 4",
      "AzioneEnte responsabileIndicatoriRisorseTempi",
      "Uno spazio compiti in biblioteca",
      "Comune di Chieri; Partner: Istituto comprensivo Chieri I",
      "Studenti iscritti (Valore di partenza: 0; Valore atteso: 40)",
      "Fondo povertà educativa",
      "10 gennaio 2027 – 30 giugno 2027",
    ]) {
      expect(pdf.body).toContain(withoutSpace(cell));
    }
    for (const signatory of doc.signatories) {
      const role = signatory.role === "signatory" ? LABELS_IT.signatory : LABELS_IT.adherent;
      expect(pdf.body).toContain(
        withoutSpace(
          `${signatory.organization}${signatory.person}${role}${formatDateTime(signatory.signedAt, "it")}`,
        ),
      );
    }
  });

  it("keeps hostile text as text: no control characters, emoji replaced, markup printed as typed", async () => {
    const doc = sampleDocument();
    const { pages } = await pdfText(await renderPdf(doc));
    const all = pages.join("");
    expect(all).toContain(`<script>alert("x")</script> & ]]>`);
    expect(all).toContain("=SOMMA(A1) \ufffd");
    expect(all).not.toContain("🙂");
    const controls = [...all].filter((c) => c.charCodeAt(0) < 0x20 && !"\t\n\r".includes(c));
    expect(controls).toEqual([]);
    expect(HOSTILE).toContain("🙂");
  });

  it("records the title, author, date and language in the document's info", async () => {
    const doc = sampleDocument();
    const { info } = await pdfText(await renderPdf(doc));
    expect(info).toMatchObject({
      Title: doc.title,
      Author: doc.roundtable,
      CreationDate: "D:20261126100000Z",
      Language: "it",
    });
  });

  it("numbers pages in the document's language and prints minutes without signatories", async () => {
    const doc = sampleDocument({
      kind: "minutes",
      locale: "en",
      versionLabel: null,
      objectives: [],
      signatories: [],
      labels: { ...LABELS_IT, page: "Page", of: "of" },
    });
    const pdf = await readPdf(doc, await renderPdf(doc));
    expect(pdf.pages).toHaveLength(3);
    expect(withoutSpace(pdf.pages[2]!)).toContain(withoutSpace(`Page 3 of 3`));
    expect(pdf.body).not.toContain(withoutSpace(LABELS_IT.signatoriesTitle));
    expect(pdf.info.Language).toBe("en");
  });

  it("lays out the forty-page document on 30 to 60 pages, every paragraph and footer intact", async () => {
    const doc = fortyPageDocument();
    const pdf = await readPdf(doc, await renderPdf(doc));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(30);
    expect(pdf.pages.length).toBeLessThanOrEqual(60);
    const parts = outline(doc);
    const footnotes = footnoteNumbers(parts);
    for (const part of parts) {
      for (const text of textsOf(part.blocks, footnotes)) expect(pdf.body).toContain(text);
    }
  });

  it("renders documents side by side, each with its own text, from the fonts parsed once", async () => {
    const docs = ["Primo patto", "Secondo patto", "Terzo patto"].map((title) =>
      sampleDocument({ title, hash: title.length.toString(16).padStart(64, "a") }),
    );
    const files = await Promise.all(docs.map((doc) => renderPdf(doc)));
    for (const [i, doc] of docs.entries()) {
      const pdf = await readPdf(doc, files[i]!);
      expect(withoutSpace(pdf.pages[0]!)).toContain(withoutSpace(doc.title));
      expect(pdf.body).toContain(withoutSpace("Ridurre la dispersione scolastica."));
    }
  });

  it("splits a table row taller than a page across pages, repeating the header row", async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `«${i}»`);
    const doc = sampleDocument({
      sections: [
        {
          key: "lunga",
          title: "Una tabella lunga",
          blocks: [
            {
              kind: "table",
              table: {
                headerRows: 1,
                rows: [
                  [[{ kind: "text", text: "Voce" }], [{ kind: "text", text: "Testo" }]],
                  [[{ kind: "text", text: "Unica" }], [{ kind: "text", text: words.join(" ") }]],
                ],
              },
            },
          ],
        },
      ],
      objectives: [],
      signatories: [],
    });
    const pdf = await readPdf(doc, await renderPdf(doc));
    const tablePages = pdf.bodies.filter((page) => page.includes("«"));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const page of tablePages) expect(page).toMatch(/^(UnatabellalungaVoceTesto|VoceTesto)/);
    const body = pdf.body;
    for (const word of words) expect(body).toContain(word);
  });
});

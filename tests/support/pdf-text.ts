// What a PDF says, read back with pdf.js (the legacy build runs in Node): each page's text and the
// document's info, so that tests check exported PDFs by their content rather than their bytes.
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfText {
  /** Each page's text items joined, a newline where pdf.js saw a line end. */
  pages: string[];
  /** The info dictionary: Title, Author, CreationDate ("D:20261126100000Z"), Language, … */
  info: Record<string, unknown>;
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  // A copy: pdf.js takes its input's buffer over.
  const pdf = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : ""))
          .join(""),
      );
      page.cleanup();
    }
    const { info } = await pdf.getMetadata();
    return { pages, info: info as Record<string, unknown> };
  } finally {
    await pdf.destroy();
  }
}

/** Text without any whitespace: what survives a paragraph wrapping across lines and pages. */
export function withoutSpace(text: string): string {
  return text.replace(/\s+/g, "");
}

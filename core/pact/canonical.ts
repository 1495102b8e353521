// The canonical form of a pact's text and its SHA-256 (issue 6): the same sections always give the
// same bytes, so a version's hash proves its text on any server, in any browser.
import { sha256Hex } from "./sha256";

export interface PactSectionText {
  key: string;
  title: string;
  markdown: string;
}

/** One text in canonical form: NFC, `\n` line ends, no trailing spaces, one final newline. */
export function canonicalText(text: string): string {
  const lines = text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""));
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

/**
 * The canonical form of a pact: its sections in the order given (the template's), each as
 * `{"key","markdown","title"}` (sorted keys), in compact JSON. Only these three fields count.
 */
export function canonicalPact(sections: readonly PactSectionText[]): string {
  return JSON.stringify(
    sections.map((section) => ({
      key: section.key.normalize("NFC"),
      markdown: canonicalText(section.markdown),
      title: section.title.normalize("NFC").replace(/\r\n?/g, "\n"),
    })),
  );
}

/** The hex SHA-256 of the pact's canonical form (UTF-8); pure, the same in Node and the browser. */
export function pactHash(sections: readonly PactSectionText[]): string {
  return sha256Hex(canonicalPact(sections));
}

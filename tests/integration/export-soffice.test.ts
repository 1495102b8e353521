// Every export format opened by a real office suite (DESIGN.md "Exports": each must open in
// LibreOffice): the sample document rendered, handed to `soffice --headless --convert-to pdf`
// (Markdown, CSV and JSON as .txt, so that Writer opens them as text) and the PDF it prints read
// back. Skipped where LibreOffice is not installed, unless REQUIRE_SOFFICE=1 (CI) makes that fail.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_FORMATS, type ExportFormat } from "../../core/export/model";
import { renderDocument } from "../../server/export/render";
import { sampleDocument } from "../support/export-fixture";
import { pdfText, withoutSpace } from "../support/pdf-text";

const CONVERSION_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 300_000;

/** The file each format is written to: Writer opens .txt as plain text. */
const EXTENSION: Record<ExportFormat, string> = {
  docx: "docx",
  odt: "odt",
  pdf: "pdf",
  md: "txt",
  html: "html",
  csv: "txt",
  json: "txt",
};
/**
 * A PDF opens in Draw by default; Writer's PDF import also reads it, and is there when only
 * Writer is installed (as on a headless server).
 */
const IMPORT_FILTER: Partial<Record<ExportFormat, string>> = { pdf: "writer_pdf_import" };
/** The formats whose printed text is checked (a section's title, the hash), beyond being a PDF. */
const TEXT_CHECKED: ExportFormat[] = ["docx", "odt", "html", "pdf"];

function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return null;
}

const SOFFICE = findOnPath("soffice");
const REQUIRED = process.env.REQUIRE_SOFFICE === "1";

interface Conversion {
  code: number | null;
  /** What soffice printed on stdout and stderr. */
  output: string;
}

/** Runs one conversion in its own process group, killed with its children after two minutes. */
function convertToPdf(
  soffice: string,
  profile: string,
  file: string,
  outDir: string,
  importFilter?: string,
): Promise<Conversion> {
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    "--headless",
    "--norestore",
    ...(importFilter ? [`--infilter=${importFilter}`] : []),
    "--convert-to",
    "pdf",
    "--outdir",
    outDir,
    file,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      reject(new Error(`soffice took more than 120 s to convert ${file}:\n${output}`));
    }, CONVERSION_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!SOFFICE && !REQUIRED)("every export opened by LibreOffice", () => {
  const doc = sampleDocument();
  let dir = "";

  beforeAll(async () => {
    if (!SOFFICE) {
      throw new Error(
        "REQUIRE_SOFFICE=1, but soffice is not on PATH: install LibreOffice (Writer) so that the " +
          "exports can be checked in a real office suite, or unset REQUIRE_SOFFICE to skip.",
      );
    }
    dir = await mkdtemp(path.join(tmpdir(), "tavolo-soffice-"));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(EXPORT_FORMATS)(
    "LibreOffice opens the %s export and prints it to PDF",
    async (format) => {
      const file = path.join(dir, `tavolo-${format}.${EXTENSION[format]}`);
      await writeFile(file, await renderDocument(doc, format));
      const outDir = path.join(dir, `out-${format}`);
      await mkdir(outDir);

      const conversion = await convertToPdf(
        SOFFICE!,
        path.join(dir, "profile"),
        file,
        outDir,
        IMPORT_FILTER[format],
      );
      const printed = path.join(outDir, `tavolo-${format}.pdf`);
      const pdf = await readFile(printed).catch(() => null);
      expect(pdf, `no PDF from soffice (exit ${conversion.code}):\n${conversion.output}`).not.toBe(
        null,
      );
      expect(pdf!.length).toBeGreaterThan(0);
      expect(pdf!.subarray(0, 5).toString("latin1")).toBe("%PDF-");

      if (!TEXT_CHECKED.includes(format)) return;
      const text = withoutSpace((await pdfText(new Uint8Array(pdf!))).pages.join("\n"));
      expect(text).toContain(withoutSpace(doc.sections[0]!.title));
      expect(text).toContain(doc.hash.slice(0, 16));
      if (format === "docx" || format === "odt") {
        // People's text prints as typed: no markup, no entity left over (the emoji's glyph
        // depends on the fonts installed, so it is left out).
        expect(text).toContain(withoutSpace(`<script>alert("x")</script> & ]]>`));
        expect(text).toContain(`"virgolette"'apici'=SOMMA(A1)`);
      }
    },
    TEST_TIMEOUT_MS,
  );
});

// `npm run bench:export`: the exports of issue 7 on a pact of about forty pages
// (tests/support/export-fixture.ts, fortyPageDocument): every format rendered in process and
// through the export worker pool the server uses (structured clone there and back included), beside
// a bare pdfkit document holding the same text in Helvetica with no layout of ours, the floor for
// PDF. Prints figures and the goal (a 40-page pact to PDF in ≤ 3 s); asserts nothing.
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import PDFDocument from "pdfkit";
import { EXPORT_FORMATS, type Block, type ExportFormat } from "../core/export/model";
import { inlineText, outline, titlePage, xmlSafe } from "../core/export/outline";
import { createExportRenderer } from "../server/export/export-worker-pool";
import { renderDocument } from "../server/export/render";
import { fortyPageDocument } from "../tests/support/export-fixture";
import { envInt } from "./env";
import { fmt, loadAverage, median, quantile, table } from "./stats";

const RUNS = envInt("BENCH_EXPORT_RUNS", 10);
const WARMUP = envInt("BENCH_EXPORT_WARMUP", 2);
const GOAL_MS = 3000;

/** Pages of a pdfkit file: its page objects (pdfkit writes object dictionaries uncompressed). */
function pageCount(bytes: Uint8Array): number {
  return (
    Buffer.from(bytes)
      .toString("latin1")
      .match(/\/Type \/Page\b(?!s)/g)?.length ?? 0
  );
}

interface Measured {
  times: number[];
  bytes: number;
  pages: number | null;
  /** The longest the event loop waited during the measured runs: how long a render blocks it. */
  loopDelay: number;
}

async function measure(
  render: () => Promise<Uint8Array>,
  pdf: boolean,
  warmup = WARMUP,
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await render();
  const times: number[] = [];
  let last: Uint8Array = new Uint8Array();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    last = await render();
    times.push(performance.now() - start);
    // A turn of the event loop between runs, so that the monitor sees how late its timer fired.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  loop.disable();
  return {
    times,
    bytes: last.byteLength,
    pages: pdf ? pageCount(last) : null,
    loopDelay: loop.max / 1e6,
  };
}

/** Every text of the document, paragraph by paragraph and cell by cell, in reading order. */
function textsOf(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.kind === "heading" || block.kind === "paragraph") return [inlineText(block.content)];
    if (block.kind === "list") return block.items.flatMap(textsOf);
    if (block.kind === "quote") return textsOf(block.blocks);
    if (block.kind === "table") return block.table.rows.flat().map((cell) => inlineText(cell));
    return [];
  });
}

/** The floor: the same text written by pdfkit in Helvetica, each text a paragraph, one page flow. */
function barePdf(texts: readonly string[]): Promise<Uint8Array> {
  const pdf = new PDFDocument({ size: "A4" });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve) => {
    pdf.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
  });
  // Helvetica holds Windows-1252 only: anything else (the fixture's emoji) becomes "?".
  for (const text of texts) pdf.text(text.replace(/[^\n\x20-\x7e\xa0-\xff—–€’“”…•]/gu, "?"));
  pdf.end();
  return done;
}

async function main() {
  const started = performance.now();
  const loadBefore = loadAverage();
  const doc = fortyPageDocument();
  const parts = outline(doc);
  const page = titlePage(doc);
  const texts = [
    page.kind,
    page.title,
    page.roundtable,
    page.version ?? "",
    page.date,
    ...parts.flatMap((part) => [part.title, ...textsOf(part.blocks)]),
  ].map(xmlSafe);
  const characters = texts.reduce((sum, text) => sum + text.length, 0);

  const inProcess = new Map<ExportFormat, Measured>();
  for (const format of EXPORT_FORMATS) {
    inProcess.set(format, await measure(() => renderDocument(doc, format), format === "pdf"));
    console.error(`in process: ${format} measured`);
  }
  const floor = await measure(() => barePdf(texts), true);
  console.error("bare pdfkit measured");

  const pool = createExportRenderer({ workers: 1 });
  const throughPool = new Map<ExportFormat, Measured>();
  let coldStart = NaN;
  try {
    const start = performance.now();
    await pool.render(doc, "pdf");
    coldStart = performance.now() - start;
    for (const format of EXPORT_FORMATS) {
      throughPool.set(format, await measure(() => pool.render(doc, format), format === "pdf"));
      console.error(`worker pool: ${format} measured`);
    }
  } finally {
    await pool.close();
  }

  const cpus = os.cpus();
  console.log(
    `\nExports of a ${inProcess.get("pdf")!.pages}-page pact, ${new Date().toISOString().slice(0, 10)}\n` +
      `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `${os.platform()} ${os.release()}; 1-min load average ${loadBefore} before, ${loadAverage()} after\n` +
      `Node ${process.version}; document: tests/support/export-fixture.ts fortyPageDocument(), ` +
      `${parts.length} parts, ${characters.toLocaleString("en")} characters of text\n` +
      `Times in ms: median and p95 of ${RUNS} runs after ${WARMUP} warm-up runs, one at a time\n`,
  );
  const row = (name: string, m: Measured) => [
    name,
    fmt(median(m.times)),
    fmt(quantile(m.times, 0.95)),
    m.bytes.toLocaleString("en"),
    m.pages === null ? "" : String(m.pages),
    fmt(m.loopDelay),
  ];
  console.log(
    table(
      ["format", "median ms", "p95 ms", "bytes", "pages", "event loop blocked, max ms"],
      [
        ...EXPORT_FORMATS.map((format) => row(`${format}, in process`, inProcess.get(format)!)),
        ...EXPORT_FORMATS.map((format) => row(`${format}, worker pool`, throughPool.get(format)!)),
        row("floor: bare pdfkit, Helvetica, no layout", floor),
      ],
    ),
  );
  const pdfInProcess = inProcess.get("pdf")!;
  const pdfPool = throughPool.get("pdf")!;
  const worst = Math.max(quantile(pdfInProcess.times, 0.95), quantile(pdfPool.times, 0.95));
  console.log(
    `\nWorker pool cold start (first PDF, worker started on demand): ${fmt(coldStart)} ms.` +
      `\nPDF, medians: ${fmt(median(pdfInProcess.times) - median(floor.times))} ms over the bare ` +
      `pdfkit floor in process; through the pool − in process: ` +
      `${fmt(median(pdfPool.times) - median(pdfInProcess.times))} ms.`,
  );
  console.log(
    `\nGoal: 40-page pact to PDF ≤ ${GOAL_MS / 1000} s: ${worst <= GOAL_MS ? "met" : "NOT met"} ` +
      `(p95 ${fmt(quantile(pdfInProcess.times, 0.95))} ms in process, ${fmt(quantile(pdfPool.times, 0.95))} ms ` +
      `through the worker pool; ${pdfPool.pages} pages)`,
  );
  console.log(`\n(run took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

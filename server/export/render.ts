// One entry for every export format: the document model in, the file's bytes out (text formats as
// UTF-8). The export worker (server/workers/export.ts) calls it; so can anything that may block.
import type { ExportDocument, ExportFormat } from "../../core/export/model";
import { renderDocx } from "./docx";
import { renderHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { renderOdt } from "./odt";
import { renderCsv, renderJson } from "./open-data";
import { renderPdf } from "./pdf";

const utf8 = new TextEncoder();

export async function renderDocument(
  doc: ExportDocument,
  format: ExportFormat,
): Promise<Uint8Array> {
  switch (format) {
    case "pdf":
      return renderPdf(doc);
    case "docx":
      return renderDocx(doc);
    case "odt":
      return renderOdt(doc);
    case "md":
      return utf8.encode(renderMarkdown(doc));
    case "html":
      return utf8.encode(renderHtml(doc));
    case "csv":
      return utf8.encode(renderCsv(doc));
    case "json":
      return utf8.encode(renderJson(doc));
    default: {
      const unknown: never = format;
      throw new Error(`unknown export format: ${String(unknown)}`);
    }
  }
}

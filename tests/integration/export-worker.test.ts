// The export worker pool: real worker threads rendering every format off the event loop.
import { strFromU8, unzipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { EXPORT_FORMATS, type ExportFormat } from "../../core/export/model";
import { footerLine, formatDateTime } from "../../core/export/outline";
import {
  createExportRenderer,
  type ExportWorkerPool,
} from "../../server/export/export-worker-pool";
import { renderDocument } from "../../server/export/render";
import { fortyPageDocument, sampleDocument } from "../support/export-fixture";
import { pdfText, withoutSpace } from "../support/pdf-text";

/** The text of a zipped office document's body (DOCX word/document.xml, ODT content.xml). */
function officeBody(bytes: Uint8Array, format: "docx" | "odt"): string {
  const files = unzipSync(bytes);
  const body = files[format === "docx" ? "word/document.xml" : "content.xml"];
  expect(body, `${format} body`).toBeDefined();
  return strFromU8(body!);
}

describe("the export worker pool", () => {
  const pools: ExportWorkerPool[] = [];
  const pool = (options?: Parameters<typeof createExportRenderer>[0]) => {
    const created = createExportRenderer(options);
    pools.push(created);
    return created;
  };
  afterEach(async () => {
    for (const created of pools.splice(0)) await created.close();
  });

  it("renders every format concurrently, as the renderers do in process", async () => {
    const renderer = pool({ workers: 2 });
    const doc = sampleDocument();
    const rendered = await Promise.all(
      EXPORT_FORMATS.map(async (format) => [format, await renderer.render(doc, format)] as const),
    );
    const bytes = Object.fromEntries(rendered) as Record<ExportFormat, Uint8Array>;

    for (const format of ["md", "html", "csv", "json"] as const) {
      expect(Buffer.from(bytes[format]).equals(await renderDocument(doc, format)), format).toBe(
        true,
      );
    }
    for (const format of ["docx", "odt"] as const) {
      expect(strFromU8(bytes[format].subarray(0, 2))).toBe("PK");
      expect(officeBody(bytes[format], format)).toContain("Patto educativo di Chieri");
    }

    expect(strFromU8(bytes.pdf.subarray(0, 5))).toBe("%PDF-");
    const pdf = await pdfText(bytes.pdf);
    const text = withoutSpace(pdf.pages.join(""));
    expect(text).toContain(withoutSpace(doc.title));
    expect(text).toContain(withoutSpace(footerLine(doc)));
    expect(text).toContain(withoutSpace("Franca Rossi"));
  });

  it("receives the document's dates as dates", async () => {
    const renderer = pool();
    const doc = sampleDocument();
    const pdf = await pdfText(await renderer.render(doc, "pdf"));
    expect(pdf.info.CreationDate).toBe("D:20261126100000Z");
    const text = withoutSpace(pdf.pages.join(""));
    expect(text).toContain(withoutSpace("26 novembre 2026"));
    expect(text).toContain(withoutSpace(formatDateTime(doc.signatories[0]!.signedAt, "it")));
  });

  it("queues more renders than workers and answers each with its own document", async () => {
    const renderer = pool({ workers: 1 });
    const titles = ["Primo patto", "Secondo patto", "Terzo patto", "Quarto patto"];
    const outputs = await Promise.all(
      titles.map((title) => renderer.render(sampleDocument({ title }), "md")),
    );
    outputs.forEach((output, i) => expect(strFromU8(output)).toContain(titles[i]));
    const big = await renderer.render(fortyPageDocument(), "pdf");
    expect((await pdfText(big)).pages.length).toBeGreaterThanOrEqual(30);
  });

  it("fails only the render that throws, with an Error, and goes on with the others", async () => {
    const renderer = pool({ workers: 1 });
    const doc = sampleDocument();
    const [broken, fine, uncloneable, after] = await Promise.allSettled([
      renderer.render(doc, "xlsx" as ExportFormat),
      renderer.render(doc, "md"),
      renderer.render({ ...doc, title: (() => "no") as unknown as string }, "md"),
      renderer.render(doc, "csv"),
    ]);
    expect(broken.status).toBe("rejected");
    expect((broken as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(String((broken as PromiseRejectedResult).reason)).toMatch(/unknown export format/);
    expect(uncloneable.status).toBe("rejected");
    expect((uncloneable as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(fine.status).toBe("fulfilled");
    expect(after.status).toBe("fulfilled");
  });

  it("stops a render that runs too long, and starts workers again after being closed", async () => {
    const impatient = pool({ timeoutMs: 1 });
    await expect(impatient.render(fortyPageDocument(), "pdf")).rejects.toThrow(
      /took longer than 1 ms/,
    );

    const renderer = pool();
    expect(strFromU8(await renderer.render(sampleDocument(), "md"))).toContain("Premesse");
    await renderer.close();
    expect(strFromU8(await renderer.render(sampleDocument(), "md"))).toContain("Premesse");
  });

  it("fails renders still waiting when it is closed", async () => {
    const renderer = pool({ workers: 1 });
    const waiting = [
      renderer.render(fortyPageDocument(), "pdf"),
      renderer.render(sampleDocument(), "md"),
    ];
    const settled = Promise.allSettled(waiting);
    await renderer.close();
    for (const outcome of await settled) {
      expect(outcome.status).toBe("rejected");
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/closed/);
    }
  });
});

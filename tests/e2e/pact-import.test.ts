// Importing a Word file into a pact from the editor page: the file's parts land in the sections of
// the same title, in the importer's editors and in another member's open editor; a file that is not
// a Word document leaves the dialog open with the server's message.
import { strToU8, zipSync } from "fflate";
import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
} from "../support/browser";
import { signIn, tavoloWithMember } from "../support/flows";
import { openEditor, sectionText } from "../support/pact";

const PACT = "Patto educativo di Chieri";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n`;
const W = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`;
const RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The smallest Word file with Italian Word's "Titolo 1" headings: a paragraph under each. */
function wordFile(parts: { heading: string; text: string }[]): Buffer {
  const paragraph = (text: string, style?: string) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const body = parts.map((p) => paragraph(p.heading, "Titolo1") + paragraph(p.text)).join("");
  const zip = zipSync({
    "[Content_Types].xml": strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    "word/_rels/document.xml.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/styles" Target="styles.xml"/></Relationships>`,
    ),
    "word/styles.xml": strToU8(
      `${XML_HEAD}<w:styles ${W}><w:style w:type="paragraph" w:default="1" w:styleId="Normale"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Titolo1"><w:name w:val="heading 1"/><w:basedOn w:val="Normale"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>`,
    ),
    "word/document.xml": strToU8(
      `${XML_HEAD}<w:document ${W}><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    ),
  });
  return Buffer.from(zip);
}

const PREMESSE = "Il tavolo nasce dal bando regionale del 2026.";
const GOVERNANCE = "Il tavolo si riunisce ogni due mesi e decide a maggioranza.";

describeInBrowser("importing a pact from Word", () => {
  const env = serverAndBrowser();

  it("puts each part of a Word file into its section for everyone, and explains a bad file", async () => {
    const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo educativo di Chieri",
    );
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openEditor(chair, pact.id, PACT);

    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await openEditor(member, pact.id, PACT);
    await member.getByRole("button", { name: "Importa da Word o LibreOffice" }).click();
    const dialog = member.getByRole("dialog", { name: "Importa da Word o LibreOffice" });
    await dialog.waitFor();
    await expectAccessible(member);

    // The whole pact: the file's headings, in another order, find the sections of the same title.
    await dialog.getByLabel("File").setInputFiles({
      name: "patto-tavolo.docx",
      mimeType: DOCX_TYPE,
      buffer: wordFile([
        { heading: "GOVERNANCE", text: GOVERNANCE },
        { heading: "Premesse", text: PREMESSE },
      ]),
    });
    expect(await dialog.getByLabel("Dove importarlo").inputValue()).toBe("");
    await dialog.getByRole("button", { name: "Importa", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    const summary = member.getByRole("status").filter({ hasText: "Importazione completata" });
    await summary.getByText("«GOVERNANCE» → «Governance»").waitFor();
    await summary.getByText("«Premesse» → «Premesse»").waitFor();
    await sectionText(member, "Premesse").getByText(PREMESSE).waitFor();
    await sectionText(member, "Governance").getByText(GOVERNANCE).waitFor();
    // Another writer's open editor shows it without a reload.
    await sectionText(chair, "Premesse").getByText(PREMESSE).waitFor();
    await sectionText(chair, "Governance").getByText(GOVERNANCE).waitFor();

    // A file that is not a Word document: the server's message, in the dialog that stays open.
    allowHttpErrorStatus(member, 400);
    await member.getByRole("button", { name: "Importa da Word o LibreOffice" }).click();
    await dialog.waitFor();
    await dialog.getByLabel("File").setInputFiles({
      name: "verbale.docx",
      mimeType: DOCX_TYPE,
      buffer: Buffer.from("Questo non è un documento Word."),
    });
    await dialog.getByRole("button", { name: "Importa", exact: true }).click();
    await dialog
      .getByRole("alert")
      .getByText("Il file non è un documento Word (DOCX) o LibreOffice (ODT) leggibile", {
        exact: false,
      })
      .waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await expectAccessible(member);
    // The sections kept the imported text.
    await sectionText(member, "Premesse").getByText(PREMESSE).waitFor();

    // The route takes files over the 1 MiB every other page's request is held to, up to 10 MiB.
    allowHttpErrorStatus(member, 413);
    const send = (megabytes: number) =>
      member.evaluate(
        async ({ url, size }) => {
          const response = await fetch(url, { method: "POST", body: new Uint8Array(size) });
          return { status: response.status, body: await response.text() };
        },
        { url: `/pacts/${pact.id}/import?name=grande.docx`, size: megabytes * 1024 * 1024 },
      );
    const twoMegabytes = await send(2);
    expect(twoMegabytes.status).toBe(400);
    expect(JSON.parse(twoMegabytes.body).error.message).toMatch(/non è un archivio ZIP valido/);
    expect((await send(11)).status).toBe(413);
  }, 120_000);
});

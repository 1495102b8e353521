// Importing a Word (DOCX) or LibreOffice (ODT) file into a pact over the API on the real server:
// the file's sections land in the pact's sections by title, read back as Markdown, and reach an
// official y-websocket client open on the pact; bad files and bad requests get a 4xx with a message.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { strToU8, unzipSync, zipSync } from "fflate";
import { pactDocName } from "../../core/pact/extensions";
import { sectionToMarkdown } from "../../core/pact/markdown";
import { readSection } from "../../core/pact/section-doc";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";
import { until, yjsClients } from "../support/yjs";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ODT_TYPE = "application/vnd.oasis.opendocument.text";

// --- A Word file as Word 365 writes it (the parts that matter) -------------------------------

const W = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"`;
const RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function wordFile(body: string): Uint8Array {
  const para = (id: string, name: string, level?: number) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normale"/>${level === undefined ? "" : `<w:pPr><w:outlineLvl w:val="${level}"/></w:pPr>`}</w:style>`;
  return zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    "word/_rels/document.xml.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${RELS}/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="${RELS}/footnotes" Target="footnotes.xml"/><Relationship Id="rId7" Type="${RELS}/hyperlink" Target="https://www.regione.lombardia.it/bando" TargetMode="External"/></Relationships>`,
    ),
    "word/styles.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:styles ${W}><w:style w:type="paragraph" w:default="1" w:styleId="Normale"><w:name w:val="Normal"/></w:style>${para("Titolo1", "heading 1", 0)}${para("Titolo2", "heading 2", 1)}${para("Paragrafoelenco", "List Paragraph")}</w:styles>`,
    ),
    "word/numbering.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`,
    ),
    "word/footnotes.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:footnotes ${W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Delibera n. 12 del 2026.</w:t></w:r></w:p></w:footnote></w:footnotes>`,
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document ${W}><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    ),
  });
}

const wp = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const wr = (text: string, props = "") =>
  `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const wli = (text: string, numId: number, ilvl = 0) =>
  `<w:p><w:pPr><w:pStyle w:val="Paragrafoelenco"/><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${wr(text)}</w:p>`;
const wtc = (text: string) =>
  `<w:tc><w:tcPr><w:tcW w:w="4814" w:type="dxa"/></w:tcPr>${wp(text)}</w:tc>`;

/** The tavolo's shared Word file: its headings in another order and spelling than the template's. */
const WORD_PACT = wordFile(
  [
    wp("1. FINALITA'", "Titolo1"),
    `<w:p>${wr("Ogni ragazzo trova ")}${wr("un adulto", "<w:b/>")}${wr(" di riferimento")}<w:r><w:footnoteReference w:id="1"/></w:r>${wr(".")}</w:p>`,
    wp("Premesse", "Titolo1"),
    `<w:p>${wr("Il tavolo nasce dal ")}<w:hyperlink r:id="rId7"><w:r><w:t>bando regionale</w:t></w:r></w:hyperlink>${wr(".")}</w:p>`,
    wp("Contesto", "Titolo2"),
    wli("Scuole", 1),
    wli("tre istituti comprensivi", 1, 1),
    wli("Famiglie", 1),
    wp("Impegni", "Titolo1"),
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4814"/><w:gridCol w:w="4814"/></w:tblGrid><w:tr>${wtc("Ente")}${wtc("Impegno")}</w:tr><w:tr>${wtc("Comune di Chieri")}${wtc("Spazi")}</w:tr></w:tbl>`,
    wli("Mappatura dei luoghi", 2),
    wli("Formazione congiunta", 2),
  ].join(""),
);

const WORD_SECTIONS = {
  finalita:
    "Ogni ragazzo trova **un adulto** di riferimento[^1].\n\n[^1]: Delibera n. 12 del 2026.",
  premesse:
    "Il tavolo nasce dal [bando regionale](https://www.regione.lombardia.it/bando).\n\n## Contesto\n\n- Scuole\n  - tre istituti comprensivi\n- Famiglie",
  obiettivi:
    "| Ente | Impegno |\n| --- | --- |\n| Comune di Chieri | Spazi |\n\n1. Mappatura dei luoghi\n2. Formazione congiunta",
};

// --- A LibreOffice file as LibreOffice 7 writes it -------------------------------------------

const ODF = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"`;

const WRITER_FILE = zipSync({
  mimetype: [strToU8(ODT_TYPE), { level: 0 }],
  "META-INF/manifest.xml": strToU8(
    `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ODT_TYPE}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
  ),
  "content.xml": strToU8(
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF}><office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/></text:list-style></office:automatic-styles><office:body><office:text><text:sequence-decls/><text:h text:style-name="Heading_20_1" text:outline-level="1">Governance</text:h><text:p text:style-name="Standard">Una <text:span text:style-name="T1">cabina di regia</text:span> con tutti i partner.</text:p><text:list text:style-name="L1"><text:list-item><text:p>Si riunisce ogni mese</text:p></text:list-item><text:list-item><text:p>Decide per consenso</text:p></text:list-item></text:list><text:h text:style-name="Heading_20_1" text:outline-level="1">Durata</text:h><text:p text:style-name="Standard">Tre anni,<text:line-break/>rinnovabili.</text:p></office:text></office:body></office:document-content>`,
  ),
});

describe(`importing DOCX and ODT files into a pact on ${testDbKind()}`, () => {
  let app: TestApp;
  const { join, destroyAll } = yjsClients(() => app);

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    destroyAll();
    await app.close();
  });

  async function pactFixture() {
    const chair = await userWithToken(app.services, "Chiara Facilitatrice");
    const roundtable = await api(app, chair.token, "POST", "/roundtables", {
      name: "Tavolo educativo",
      territory: "Chieri",
    });
    const created = await api(
      app,
      chair.token,
      "POST",
      `/roundtables/${roundtable.json.id}/pacts`,
      {
        title: "Patto educativo di Chieri",
        template: "patto-educativo",
      },
    );
    expect(created.status, created.text).toBe(201);
    const person = async (role: "member" | "observer") => {
      const user = await userWithToken(app.services, `Persona ${role}`);
      await app.db
        .insertInto("roundtable_members")
        .values({ roundtable_id: roundtable.json.id, user_id: user.actor.userId, role })
        .execute();
      return user;
    };
    return { chair, person, pactId: created.json.id as string };
  }

  function upload(
    token: string,
    pactId: string,
    query: string,
    body: Uint8Array | null,
    contentType: string | null = DOCX_TYPE,
  ) {
    return fetch(`${app.url}/api/v1/pacts/${pactId}/import${query}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        ...(contentType ? { "content-type": contentType } : {}),
      },
      body: body === null ? undefined : new Uint8Array(body),
    }).then(async (response) => ({
      status: response.status,
      json: (await response.json()) as any,
    }));
  }

  const markdownOf = (pact: { sections: { key: string; markdown: string }[] }) =>
    Object.fromEntries(pact.sections.map((s) => [s.key, s.markdown]));

  it("puts a Word file's sections into the pact's by title, then in order; open editors see them", async () => {
    const { chair, person, pactId } = await pactFixture();
    const member = await person("member");
    const editor = await join(pactDocName(pactId), member.token);
    await api(app, chair.token, "PUT", `/pacts/${pactId}/sections/durata`, {
      markdown: "Già scritta.",
    });

    const imported = await upload(member.token, pactId, "?format=docx", WORD_PACT);
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(imported.json.placements).toEqual([
      { title: "1. FINALITA'", section: "finalita" },
      { title: "Premesse", section: "premesse" },
      // No section is called "Impegni": it takes the first one left, in order.
      { title: "Impegni", section: "obiettivi" },
    ]);
    expect(markdownOf(imported.json.pact)).toMatchObject({
      ...WORD_SECTIONS,
      durata: "Già scritta.",
    });

    const read = await api(app, chair.token, "GET", `/pacts/${pactId}`);
    expect(markdownOf(read.json)).toEqual({
      ...Object.fromEntries(read.json.sections.map((s: { key: string }) => [s.key, ""])),
      ...WORD_SECTIONS,
      durata: "Già scritta.",
    });
    for (const [key, markdown] of Object.entries(WORD_SECTIONS)) {
      await until(`${key} to reach the open editor`, () => {
        return sectionToMarkdown(readSection(editor.doc, key)) === markdown;
      });
    }

    const audit = await app.db
      .selectFrom("audit_events")
      .select(["action", "detail"])
      .where("subject_id", "=", pactId)
      .where("action", "=", "pact.section_imported")
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.detail)).toContainEqual(
      expect.objectContaining({ format: "docx", placements: imported.json.placements }),
    );
  });

  it("puts a whole LibreOffice file into one section, its top headings as ##", async () => {
    const { chair, person, pactId } = await pactFixture();
    const reader = await join(pactDocName(pactId), chair.token);
    const member = await person("member");
    const expected =
      "## Governance\n\nUna *cabina di regia* con tutti i partner.\n\n1. Si riunisce ogni mese\n2. Decide per consenso\n\n## Durata\n\nTre anni,\\\nrinnovabili.";

    const imported = await upload(
      member.token,
      pactId,
      "?format=odt&section=governance",
      WRITER_FILE,
      ODT_TYPE,
    );
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(imported.json.placements).toEqual([{ title: "", section: "governance" }]);
    const read = await api(app, chair.token, "GET", `/pacts/${pactId}`);
    expect(markdownOf(read.json).governance).toBe(expected);
    expect(markdownOf(read.json).durata).toBe("");
    await until("the import to reach the open editor", () => {
      return sectionToMarkdown(readSection(reader.doc, "governance")) === expected;
    });

    // The same file split by its headings, sent as a plain byte stream.
    const split = await upload(
      member.token,
      pactId,
      "?format=odt",
      WRITER_FILE,
      "application/octet-stream",
    );
    expect(split.status, JSON.stringify(split.json)).toBe(200);
    expect(split.json.placements).toEqual([
      { title: "Governance", section: "governance" },
      { title: "Durata", section: "durata" },
    ]);
    expect(markdownOf(split.json.pact)).toMatchObject({
      governance:
        "Una *cabina di regia* con tutti i partner.\n\n1. Si riunisce ogni mese\n2. Decide per consenso",
      durata: "Tre anni,\\\nrinnovabili.",
    });
  });

  /** A body sent in chunks, without a length. */
  function streamed(token: string, pactId: string, bytes: Uint8Array) {
    const chunk = 256 * 1024;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      },
    });
    return fetch(`${app.url}/api/v1/pacts/${pactId}/import?format=docx&section=azioni`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": DOCX_TYPE },
      body,
      duplex: "half",
    } as RequestInit).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));
  }

  it("takes a file of several MiB (its images left out), and refuses one over 10 MiB with 413", async () => {
    const { chair, pactId } = await pactFixture();
    const heavy = zipSync({
      ...unzipSync(WORD_PACT),
      "word/media/image1.png": [new Uint8Array(64 * 1024).map((_, n) => n * 31), { level: 0 }],
      "word/media/image2.bin": [new Uint8Array(3 * 1024 * 1024).fill(7), { level: 0 }],
    });
    expect(heavy.length).toBeGreaterThan(3 * 1024 * 1024);
    const taken = await streamed(chair.token, pactId, heavy);
    expect(taken.status, JSON.stringify(taken.json)).toBe(200);
    expect(markdownOf(taken.json.pact).azioni).toContain("## 1. FINALITA'");
    // Sent as a browser sends a file, with its length: past the 1 MiB every other request gets.
    const sized = await upload(chair.token, pactId, "?format=docx&section=azioni", heavy);
    expect(sized.status, JSON.stringify(sized.json)).toBe(200);

    const over = await streamed(chair.token, pactId, new Uint8Array(10 * 1024 * 1024 + 1));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe("too_large");
  });

  it("answers a bad file or request with a 4xx and a message, and changes nothing", async () => {
    const { chair, person, pactId } = await pactFixture();
    const observer = await person("observer");
    const outsider = await userWithToken(app.services, "Estranea");
    const cases: [string, Promise<{ status: number; json: any }>, number, string][] = [
      [
        "not a zip",
        upload(chair.token, pactId, "?format=docx", strToU8("testo semplice")),
        400,
        "not a readable Word",
      ],
      [
        "the other format",
        upload(chair.token, pactId, "?format=docx", WRITER_FILE),
        400,
        "no document text",
      ],
      [
        "damaged XML",
        upload(
          chair.token,
          pactId,
          "?format=odt",
          zipSync({ "content.xml": strToU8("<office:document-content><text:p>") }),
          ODT_TYPE,
        ),
        400,
        "not valid XML",
      ],
      [
        "a zip bomb",
        upload(
          chair.token,
          pactId,
          "?format=odt",
          zipSync({ "content.xml": new Uint8Array(21 * 1024 * 1024) }),
          ODT_TYPE,
        ),
        400,
        "20 MiB",
      ],
      ["no format", upload(chair.token, pactId, "", WORD_PACT), 400, "Some data is not valid."],
      [
        "an unknown format",
        upload(chair.token, pactId, "?format=pdf", WORD_PACT),
        400,
        "Some data is not valid.",
      ],
      ["no file", upload(chair.token, pactId, "?format=docx", null), 400, "The file is missing"],
      [
        "a JSON body",
        upload(chair.token, pactId, "?format=docx", strToU8("{}"), "application/json"),
        400,
        "Send the file as",
      ],
      [
        "an unknown section",
        upload(chair.token, pactId, "?format=docx&section=nessuna", WORD_PACT),
        404,
        "Not found.",
      ],
      ["an observer", upload(observer.token, pactId, "?format=docx", WORD_PACT), 403, ""],
      ["an outsider", upload(outsider.token, pactId, "?format=docx", WORD_PACT), 404, "Not found."],
    ];
    for (const [name, pending, status, message] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(status);
      expect(response.json.error.message, name).toContain(message);
    }
    const format = await upload(chair.token, pactId, "?format=pdf", WORD_PACT);
    expect(format.json.error.fields.format).toBe("Give the file's format: docx or odt.");

    const tooBig = await upload(
      chair.token,
      pactId,
      "?format=docx",
      new Uint8Array(10 * 1024 * 1024 + 1),
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe("too_large");

    const read = await api(app, chair.token, "GET", `/pacts/${pactId}`);
    expect(read.json.sections.every((s: { markdown: string }) => s.markdown === "")).toBe(true);
  });
});

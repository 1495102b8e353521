// Word and LibreOffice files read into pact sections: small DOCX and ODT files built here from XML
// as Word 365 (Italian) and LibreOffice 7 write it, checked section by section as Markdown.
import { describe, expect, it } from "vitest";
import { strToU8, zipSync, type Zippable } from "fflate";
import type { JSONContent } from "@tiptap/core";
import { importOffice, matchSections, type ImportedDocument } from "../../core/pact/office-import";
import { markdownToSection, sectionToMarkdown } from "../../core/pact/markdown";
import { isAppError } from "../../core/errors";

// --- Building a DOCX -------------------------------------------------------------------------

const W_NS = `xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 w15"`;

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n`;

interface DocxParts {
  body: string;
  styles?: string;
  numbering?: string;
  footnotes?: string;
  links?: Record<string, string>;
}

function docx(parts: DocxParts): Uint8Array {
  const links = Object.entries(parts.links ?? {})
    .map(
      ([id, target]) =>
        `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${target}" TargetMode="External"/>`,
    )
    .join("");
  const files: Zippable = {
    "[Content_Types].xml": strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    "word/_rels/document.xml.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>${links}</Relationships>`,
    ),
    "word/document.xml": strToU8(
      `${XML_HEAD}<w:document ${W_NS}><w:body>${parts.body}<w:sectPr w:rsidR="00A1"><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`,
    ),
    "word/styles.xml": strToU8(`${XML_HEAD}<w:styles ${W_NS}>${parts.styles ?? STYLES}</w:styles>`),
    "word/media/image1.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  };
  if (parts.numbering !== undefined)
    files["word/numbering.xml"] = strToU8(
      `${XML_HEAD}<w:numbering ${W_NS}>${parts.numbering}</w:numbering>`,
    );
  if (parts.footnotes !== undefined)
    files["word/footnotes.xml"] = strToU8(
      `${XML_HEAD}<w:footnotes ${W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>${parts.footnotes}</w:footnotes>`,
    );
  return zipSync(files);
}

/** Italian Word's built-in styles: ids in Italian, names in English. */
const STYLES = `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/><w:lang w:val="it-IT"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normale"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Titolo1"><w:name w:val="heading 1"/><w:basedOn w:val="Normale"/><w:next w:val="Normale"/><w:link w:val="Titolo1Carattere"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Titolo2"><w:name w:val="heading 2"/><w:basedOn w:val="Normale"/><w:next w:val="Normale"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Titolo3"><w:name w:val="heading 3"/><w:basedOn w:val="Normale"/><w:next w:val="Normale"/><w:qFormat/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Titolo"><w:name w:val="Title"/><w:basedOn w:val="Normale"/><w:qFormat/><w:rPr><w:sz w:val="56"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Paragrafoelenco"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normale"/><w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Titolosommario"><w:name w:val="TOC Heading"/><w:basedOn w:val="Titolo1"/><w:next w:val="Normale"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Sommario1"><w:name w:val="toc 1"/><w:basedOn w:val="Normale"/><w:next w:val="Normale"/></w:style>
<w:style w:type="paragraph" w:styleId="Testonotaapidipagina"><w:name w:val="footnote text"/><w:basedOn w:val="Normale"/></w:style>
<w:style w:type="character" w:styleId="Rimandonotaapidipagina"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Collegamentoipertestuale"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Enfasigrassetto"><w:name w:val="Strong"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Grigliatabella"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>`;

const NUMBERING = `<w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0" w:tplc="04100001"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl><w:lvl w:ilvl="1" w:tplc="04100003"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5E6F7A8B"/><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0" w:tplc="0410000F"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:nsid w:val="11223344"/><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
<w:num w:numId="1" w16cid:durableId="1" xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>`;

const p = (text: string, style?: string) =>
  `<w:p w:rsidR="00B2" w:rsidRDefault="00B2">${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const run = (text: string, props = "") =>
  `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const item = (text: string, numId: number, ilvl: number) =>
  `<w:p><w:pPr><w:pStyle w:val="Paragrafoelenco"/><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${run(text)}</w:p>`;
const cell = (text: string) =>
  `<w:tc><w:tcPr><w:tcW w:w="4814" w:type="dxa"/></w:tcPr>${p(text)}</w:tc>`;

/** The shared Word file of a tavolo, as Italian Word 365 saves it. */
const WORD_PACT = docx({
  links: {
    rId8: "https://www.regione.lombardia.it/bando",
    rId10: "javascript:alert(1)",
    rId11: "mailto:segreteria@example.org",
  },
  numbering: NUMBERING,
  footnotes: `<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="Testonotaapidipagina"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Rimandonotaapidipagina"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Compresi i gruppi</w:t></w:r><w:r><w:t xml:space="preserve"> informali di genitori.</w:t></w:r></w:p></w:footnote>`,
  body: [
    p("Patto educativo di comunità", "Titolo"),
    `<w:p><w:commentRangeStart w:id="0"/>${run("Versione di lavoro")}<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="Rimandocommento"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>`,
    `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>${p("Sommario", "Titolosommario")}<w:p><w:pPr><w:pStyle w:val="Sommario1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:t>Premesse</w:t></w:r></w:hyperlink></w:p><w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>`,
    `<w:p><w:pPr><w:pStyle w:val="Titolo1"/></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc1"/>${run("Premesse")}<w:bookmarkEnd w:id="0"/></w:p>`,
    `<w:p><w:pPr><w:jc w:val="both"/></w:pPr>${run("Il tavolo lavora con ")}${run("le scuole", "<w:b/><w:bCs/>")}${run(", ")}${run("le famiglie", "<w:i/><w:iCs/>")}${run(" e ")}${run("pochi", "<w:strike/>")}${run(" molti enti")}<w:r><w:rPr><w:rStyle w:val="Rimandonotaapidipagina"/></w:rPr><w:footnoteReference w:id="1"/></w:r>${run(". Vedi il ")}<w:hyperlink r:id="rId8" w:history="1"><w:r><w:rPr><w:rStyle w:val="Collegamentoipertestuale"/></w:rPr><w:t>bando regionale</w:t></w:r></w:hyperlink>${run(".")}<w:proofErr w:type="spellStart"/></w:p>`,
    `<w:p>${run("Il patto dura ")}<w:del w:id="5" w:author="Marco Rossi" w:date="2026-03-02T10:00:00Z"><w:r><w:delText>due</w:delText></w:r></w:del><w:ins w:id="6" w:author="Marco Rossi" w:date="2026-03-02T10:00:00Z"><w:r><w:t>tre</w:t></w:r></w:ins>${run(" anni, ")}${run("fino al", "<w:b/>")}${run(" 2029", '<w:b w:val="0"/>')}${run(".")}</w:p>`,
    `<w:p>${run("Prima riga")}<w:r><w:br/><w:t>seconda riga</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="990600" cy="990600"/><wp:docPr id="1" name="Immagine 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphic></wp:inline></w:drawing></w:r><w:r><w:br w:type="page"/></w:r></w:p>`,
    p(""),
    p("Azioni", "Titolo2"),
    item("Doposcuola nei quartieri", 1, 0),
    item("tre pomeriggi a settimana", 1, 1),
    item("con educatori del consorzio", 1, 1),
    item("Sportello per i genitori", 1, 0),
    p("Le fasi:"),
    item("Mappatura dei luoghi", 2, 0),
    item("Formazione congiunta", 2, 0),
    p("Finalità", "Titolo1"),
    `<w:p>${run("Ogni ragazzo trova ")}${run("un adulto", '<w:rStyle w:val="Enfasigrassetto"/>')}${run(" di riferimento.")}</w:p>`,
    `<w:tbl><w:tblPr><w:tblStyle w:val="Grigliatabella"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4814"/><w:gridCol w:w="4814"/></w:tblGrid><w:tr>${cell("Azione")}${cell("Responsabile")}</w:tr><w:tr>${cell("Doposcuola")}<w:tc>${p("Cooperativa")}${p("La Rete")}</w:tc></w:tr><w:tr>${cell("Sportello")}${cell("Comune di Chieri")}</w:tr></w:tbl>`,
    `<w:p>${run("Scrivete a ")}<w:hyperlink r:id="rId11"><w:r><w:t>la segreteria</w:t></w:r></w:hyperlink>${run(" (non a ")}<w:hyperlink r:id="rId10"><w:r><w:t>questo</w:t></w:r></w:hyperlink>${run(").")}</w:p>`,
    `<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>${run("Governance")}</w:p>`,
    item("Cabina di regia", 3, 0),
    item("Gruppi di lavoro", 3, 0),
  ].join(""),
});

// --- Building an ODT -------------------------------------------------------------------------

const ODF_NS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" xmlns:officeooo="http://openoffice.org/2009/office" office:version="1.3"`;

function odt(
  body: string,
  automaticStyles: string,
  mimetype = "application/vnd.oasis.opendocument.text",
) {
  return zipSync({
    mimetype: [strToU8(mimetype), { level: 0 }],
    "META-INF/manifest.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
    ),
    "styles.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${ODF_NS}><office:styles><style:style style:name="Standard" style:family="paragraph" style:class="text"/><style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:text-properties fo:font-size="14pt"/></style:style><style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><text:list-style style:name="List_20_1" style:display-name="List 1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/><text:list-level-style-bullet text:level="2" text:bullet-char="◦"/></text:list-style></office:styles></office:document-styles>`,
    ),
    "content.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODF_NS}><office:scripts/><office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/></office:font-face-decls><office:automatic-styles>${automaticStyles}</office:automatic-styles><office:body><office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>${body}</office:text></office:body></office:document-content>`,
    ),
  });
}

const ODT_STYLES = `<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties officeooo:rsid="0012ab34"/></style:style>
<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard" style:list-style-name="L1"/>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>
<style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"/></style:style>
<style:style style:name="T3" style:family="text"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style>
<style:style style:name="T4" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>
<style:style style:name="Tabella1" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>
<style:style style:name="Tabella1.A" style:family="table-column"><style:table-column-properties style:column-width="8.5cm"/></style:style>
<style:style style:name="Tabella1.A1" style:family="table-cell"><style:table-cell-properties fo:padding="0.097cm" fo:border="0.5pt solid #000000"/></style:style>
<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:style-name="Bullet_20_Symbols" loext:num-list-format="%1%." text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"/></text:list-level-style-bullet><text:list-level-style-bullet text:level="2" text:style-name="Bullet_20_Symbols" text:bullet-char="◦"/></text:list-style>
<text:list-style style:name="L2"><text:list-level-style-number text:level="1" text:style-name="Numbering_20_Symbols" style:num-suffix="." style:num-format="1"/></text:list-style>
<text:list-style style:name="L3"><text:list-level-style-number text:level="1" style:num-suffix=")" style:num-format="1" text:start-value="3"/></text:list-style>`;

const tc = (text: string) =>
  `<table:table-cell table:style-name="Tabella1.A1" office:value-type="string"><text:p text:style-name="Table_20_Contents">${text}</text:p></table:table-cell>`;
const li = (text: string, nested = "") =>
  `<text:list-item><text:p text:style-name="P2">${text}</text:p>${nested}</text:list-item>`;

/** The same pact as LibreOffice 7 saves it. */
const WRITER_PACT = odt(
  [
    `<text:tracked-changes text:track-changes="false"><text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>Marco Rossi</dc:creator><dc:date>2026-03-02T10:00:00</dc:date></office:change-info><text:p>due</text:p></text:deletion></text:changed-region><text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>Marco Rossi</dc:creator><dc:date>2026-03-02T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>`,
    `<text:p text:style-name="Title">Patto educativo di comunità</text:p>`,
    `<text:p text:style-name="P1"><office:annotation office:name="__Annotation__1"><dc:creator>Chiara</dc:creator><dc:date>2026-03-01T09:00:00</dc:date><text:p>Da rivedere</text:p></office:annotation>Versione di lavoro<office:annotation-end office:name="__Annotation__1"/></text:p>`,
    `<text:table-of-content text:style-name="Sect1" text:protected="true" text:name="Sommario1"><text:table-of-content-source text:outline-level="10"><text:index-title-template>Sommario</text:index-title-template></text:table-of-content-source><text:index-body><text:index-title text:name="Sommario1_Head"><text:p text:style-name="Contents_20_Heading">Sommario</text:p></text:index-title><text:p text:style-name="Contents_20_1"><text:a xlink:type="simple" xlink:href="#__RefHeading___Toc1">Premesse<text:tab/>1</text:a></text:p></text:index-body></text:table-of-content>`,
    `<text:h text:style-name="Heading_20_1" text:outline-level="1"><text:bookmark-start text:name="__RefHeading___Toc1"/>Premesse<text:bookmark-end text:name="__RefHeading___Toc1"/></text:h>`,
    `<text:p text:style-name="P1">Il tavolo lavora con <text:span text:style-name="T1">le scuole</text:span>, <text:span text:style-name="T2">le famiglie</text:span> e <text:span text:style-name="T3">pochi</text:span> molti enti<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Compresi i gruppi<text:s/>informali di genitori.</text:p></text:note-body></text:note>. Vedi il <text:a xlink:type="simple" xlink:href="https://www.regione.lombardia.it/bando" text:style-name="Internet_20_link" text:visited-style-name="Visited_20_Internet_20_Link">bando regionale</text:a>.</text:p>`,
    `<text:p text:style-name="P1">Il patto dura <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>tre<text:change-end text:change-id="ct2"/> anni, <text:span text:style-name="T1">fino al</text:span><text:span text:style-name="T4"> 2029</text:span>.</text:p>`,
    `<text:p text:style-name="P1">Prima riga<text:line-break/>seconda riga<draw:frame draw:style-name="fr1" draw:name="Immagine1" text:anchor-type="as-char" svg:width="2.6cm" svg:height="2.6cm" draw:z-index="0"><draw:image xlink:href="Pictures/logo.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad" draw:mime-type="image/png"/></draw:frame><text:soft-page-break/></text:p>`,
    `<text:p text:style-name="P1"/>`,
    `<text:h text:style-name="Heading_20_2" text:outline-level="2">Azioni</text:h>`,
    `<text:list xml:id="list1" text:style-name="L1">${li(
      "Doposcuola nei quartieri",
      `<text:list>${li("tre pomeriggi a settimana")}${li("con educatori del consorzio")}</text:list>`,
    )}${li("Sportello per i genitori")}</text:list>`,
    `<text:p text:style-name="P1">Le fasi:</text:p>`,
    `<text:list xml:id="list2" text:style-name="L2">${li("Mappatura dei luoghi")}${li("Formazione congiunta")}</text:list>`,
    `<text:h text:style-name="Heading_20_1" text:outline-level="1">Finalità</text:h>`,
    `<text:p text:style-name="P1">Ogni ragazzo trova <text:span text:style-name="Strong_20_Emphasis">un adulto</text:span> di riferimento.</text:p>`,
    `<table:table table:name="Tabella1" table:style-name="Tabella1"><table:table-column table:style-name="Tabella1.A" table:number-columns-repeated="2"/><table:table-header-rows><table:table-row>${tc("Azione")}${tc("Responsabile")}</table:table-row></table:table-header-rows><table:table-row>${tc("Doposcuola")}<table:table-cell office:value-type="string"><text:p>Cooperativa</text:p><text:p>La Rete</text:p></table:table-cell></table:table-row><table:table-row>${tc("Sportello")}${tc("Comune di Chieri")}</table:table-row></table:table>`,
    `<text:p text:style-name="P1">Scrivete a <text:a xlink:type="simple" xlink:href="mailto:segreteria@example.org">la segreteria</text:a> (non a <text:a xlink:type="simple" xlink:href="javascript:alert(1)">questo</text:a>).</text:p>`,
    `<text:h text:style-name="Heading_20_1" text:outline-level="1">Governance</text:h>`,
    `<text:list text:style-name="L3">${li("Cabina di regia")}${li("Gruppi di lavoro")}</text:list>`,
  ].join(""),
  ODT_STYLES,
);

// --- What both should read -------------------------------------------------------------------

const EXPECTED_SECTIONS = [
  { title: "", markdown: "Patto educativo di comunità\n\nVersione di lavoro" },
  {
    title: "Premesse",
    markdown: `Il tavolo lavora con **le scuole**, *le famiglie* e ~~pochi~~ molti enti[^1]. Vedi il [bando regionale](https://www.regione.lombardia.it/bando).

Il patto dura tre anni, **fino al** 2029.

Prima riga\\
seconda riga

## Azioni

- Doposcuola nei quartieri
  - tre pomeriggi a settimana
  - con educatori del consorzio
- Sportello per i genitori

Le fasi:

1. Mappatura dei luoghi
2. Formazione congiunta

[^1]: Compresi i gruppi informali di genitori.`,
  },
  {
    title: "Finalità",
    markdown: `Ogni ragazzo trova **un adulto** di riferimento.

| Azione | Responsabile |
| --- | --- |
| Doposcuola | Cooperativa La Rete |
| Sportello | Comune di Chieri |

Scrivete a [la segreteria](mailto:segreteria@example.org) (non a questo).`,
  },
  { title: "Governance", markdown: "3. Cabina di regia\n4. Gruppi di lavoro" },
];

const asMarkdown = (imported: ImportedDocument) =>
  imported.sections.map((s) => ({ title: s.title, markdown: sectionToMarkdown(s.content) }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) {
      expect(error.code).toBe("invalid");
      return error.messageKey;
    }
    throw error;
  }
  throw new Error("expected the file to be refused");
}

const roundTrips = (content: JSONContent) =>
  expect(markdownToSection(sectionToMarkdown(content))).toEqual(content);

describe.each([
  ["a Word file (DOCX)", "docx", WORD_PACT],
  ["a LibreOffice file (ODT)", "odt", WRITER_PACT],
] as const)("importOffice reading %s", (_name, kind, bytes) => {
  const imported = importOffice(bytes, kind);

  it("splits it at its top headings, text before the first one in an untitled section", () => {
    expect(imported.sections.map((s) => s.title)).toEqual([
      "",
      "Premesse",
      "Finalità",
      "Governance",
    ]);
  });

  it("keeps subheadings, nested lists, emphasis, links, footnotes and breaks; drops comments, images, tracked deletions and the table of contents", () => {
    expect(asMarkdown(imported)[1]).toEqual(EXPECTED_SECTIONS[1]);
    expect(asMarkdown(imported)[0]).toEqual(EXPECTED_SECTIONS[0]);
  });

  it("keeps tables with their first row as header, cells on one line, and only safe links", () => {
    expect(asMarkdown(imported)[2]).toEqual(EXPECTED_SECTIONS[2]);
    const table = imported.sections[2]!.content.content!.find((n) => n.type === "table")!;
    expect(table.content![0]!.content!.map((c) => c.type)).toEqual(["tableHeader", "tableHeader"]);
    expect(table.content![1]!.content!.map((c) => c.type)).toEqual(["tableCell", "tableCell"]);
  });

  it("keeps an ordered list's first number", () => {
    expect(asMarkdown(imported)[3]).toEqual(EXPECTED_SECTIONS[3]);
  });

  it("reads the whole file as one section with its top headings at level 2", () => {
    const markdown = sectionToMarkdown(imported.blocks);
    expect(markdown).toBe(
      [
        EXPECTED_SECTIONS[0]!.markdown,
        "## Premesse",
        EXPECTED_SECTIONS[1]!.markdown
          .replace("## Azioni", "### Azioni")
          .replace(/\n\n\[\^1\]:.*$/, ""),
        "## Finalità",
        EXPECTED_SECTIONS[2]!.markdown,
        "## Governance",
        EXPECTED_SECTIONS[3]!.markdown,
        "[^1]: Compresi i gruppi informali di genitori.",
      ].join("\n\n"),
    );
  });

  it("gives documents that round-trip through Markdown unchanged", () => {
    for (const section of imported.sections) roundTrips(section.content);
    roundTrips(imported.blocks);
  });
});

describe("importOffice", () => {
  it("splits at the highest heading level used when there is no Heading 1", () => {
    const file = docx({
      body: [
        p("Obiettivi", "Titolo2"),
        p("Contrastare la dispersione."),
        p("Obiettivo specifico", "Titolo3"),
        p("Azioni", "Titolo2"),
        p("Doposcuola."),
      ].join(""),
    });
    expect(asMarkdown(importOffice(file, "docx"))).toEqual([
      {
        title: "Obiettivi",
        markdown: "Contrastare la dispersione.\n\n## Obiettivo specifico",
      },
      { title: "Azioni", markdown: "Doposcuola." },
    ]);
  });

  it("makes a file without headings one untitled section", () => {
    const file = docx({ body: [p("Un solo paragrafo."), p("E un altro.")].join("") });
    const imported = importOffice(file, "docx");
    expect(asMarkdown(imported)).toEqual([
      { title: "", markdown: "Un solo paragrafo.\n\nE un altro." },
    ]);
    expect(imported.blocks).toEqual(imported.sections[0]!.content);
  });

  it("hangs a list item that starts deeper than its list from an empty item", () => {
    const file = docx({
      numbering: NUMBERING,
      body: [item("Sottopunto", 1, 1), item("Punto", 1, 0)].join(""),
    });
    const imported = importOffice(file, "docx");
    expect(sectionToMarkdown(imported.blocks)).toBe("- \n  - Sottopunto\n- Punto");
    roundTrips(imported.blocks);
  });

  it("refuses what is not a ZIP archive", () => {
    expect(refusal(() => importOffice(strToU8("Patto educativo, testo semplice"), "docx"))).toBe(
      "error.office_not_zip",
    );
    expect(refusal(() => importOffice(new Uint8Array(0), "odt"))).toBe("error.office_not_zip");
    const truncated = WORD_PACT.slice(0, WORD_PACT.length - 40);
    expect(refusal(() => importOffice(truncated, "docx"))).toBe("error.office_not_zip");
  });

  it("refuses an archive without the document's text, or of the other format", () => {
    const empty = zipSync({ "readme.txt": strToU8("niente") });
    expect(refusal(() => importOffice(empty, "docx"))).toBe("error.office_missing_part");
    expect(refusal(() => importOffice(empty, "odt"))).toBe("error.office_missing_part");
    expect(refusal(() => importOffice(WRITER_PACT, "docx"))).toBe("error.office_missing_part");
    expect(refusal(() => importOffice(WORD_PACT, "odt"))).toBe("error.office_missing_part");
    const spreadsheet = odt("", "", "application/vnd.oasis.opendocument.spreadsheet");
    expect(refusal(() => importOffice(spreadsheet, "odt"))).toBe("error.office_missing_part");
  });

  it("refuses malformed XML and XML with a DTD", () => {
    const broken = zipSync({
      "word/document.xml": strToU8(`<w:document ${W_NS}><w:body><w:p></w:body>`),
    });
    expect(refusal(() => importOffice(broken, "docx"))).toBe("error.office_bad_xml");
    const entities = zipSync({
      "content.xml": strToU8(
        `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><office:document-content ${ODF_NS}><office:body><office:text><text:p>&b;</text:p></office:text></office:body></office:document-content>`,
      ),
    });
    expect(refusal(() => importOffice(entities, "odt"))).toBe("error.office_bad_xml");
  });

  it("refuses nesting deep enough to exhaust the stack as a malformed file", () => {
    const depth = 100_000;
    const deep = zipSync({
      "word/document.xml": strToU8(
        `<w:document ${W_NS}><w:body>${"<w:sdt><w:sdtContent>".repeat(depth)}<w:p/>${"</w:sdtContent></w:sdt>".repeat(depth)}</w:body></w:document>`,
      ),
    });
    expect(refusal(() => importOffice(deep, "docx"))).toBe("error.office_bad_xml");
  });

  it("refuses a zip bomb: more than 20 MiB unpacked, or more than 2,000 entries", () => {
    const bomb = zipSync({
      "content.xml": strToU8("<x/>"),
      "Pictures/zeros.bin": new Uint8Array(21 * 1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(refusal(() => importOffice(bomb, "odt"))).toBe("error.office_too_large_unpacked");

    const many: Zippable = {};
    for (let i = 0; i < 2001; i++) many[`word/media/${i}.xml`] = strToU8("<x/>");
    expect(refusal(() => importOffice(zipSync(many), "docx"))).toBe(
      "error.office_too_large_unpacked",
    );
  });

  it("refuses a bomb that lies about its size: inflating stops at the size it declares", () => {
    // 25 MiB of spaces, then a root element: only a reader that inflates it all reaches it.
    const content = new Uint8Array(25 * 1024 * 1024 + 4).fill(0x20);
    content.set(strToU8("<x/>"), content.length - 4);
    const honest = zipSync({ "content.xml": content });
    // Patch the central directory's declared size (offset 24 in the entry) down to 100 bytes.
    const view = new DataView(honest.buffer, honest.byteOffset, honest.byteLength);
    const central = view.getUint32(honest.length - 22 + 16, true);
    view.setUint32(central + 24, 100, true);
    // What comes out is the 100 declared bytes, all spaces: no document, refused as such.
    expect(refusal(() => importOffice(honest, "odt"))).toBe("error.office_bad_xml");
  });
});

describe("matchSections", () => {
  const pact = [
    { key: "premesse", title: "Premesse" },
    { key: "finalita", title: "Finalità" },
    { key: "obiettivi", title: "Obiettivi" },
    { key: "governance", title: "Governance e cabina di regia" },
  ];

  it.each([
    [
      ["Premesse", "Finalità"],
      ["premesse", "finalita"],
    ],
    [
      ["FINALITA'", "premesse:"],
      ["finalita", "premesse"],
    ],
    [
      ["1. Premesse", "2) Governance – e cabina di regia"],
      ["premesse", "governance"],
    ],
    [
      ["", "Obiettivi", "Altro", "Premesse"],
      ["finalita", "obiettivi", "governance", "premesse"],
    ],
    [
      ["Uno", "Due", "Tre", "Quattro", "Cinque"],
      ["premesse", "finalita", "obiettivi", "governance", null],
    ],
    [
      ["Premesse", "Premesse"],
      ["premesse", "finalita"],
    ],
  ])("places %j as %j: by title first, then in order", (titles, expected) => {
    expect(matchSections(titles, pact)).toEqual(expected);
  });
});

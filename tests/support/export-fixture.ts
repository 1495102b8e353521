// Export documents for renderer tests and the export bench: one with every kind of block and
// text that would break a careless renderer (XML and Markdown specials, control characters, a
// formula at the start of a CSV cell, emoji), and one of about forty pages.
import type { Block, ExportDocument, ExportLabels, Inline } from "../../core/export/model";

export const HOSTILE = `<script>alert("x")</script> & ]]> \u0001\u000b "virgolette" 'apici' =SOMMA(A1) 🙂`;

export const LABELS_IT: ExportLabels = {
  documentKind: "Patto educativo",
  version: "Versione",
  hash: "Impronta SHA-256",
  date: "Data",
  page: "Pagina",
  of: "di",
  contents: "Indice",
  objectivesTitle: "Obiettivi e azioni",
  objective: "Obiettivo",
  area: "Area",
  voices: "Voci",
  action: "Azione",
  responsible: "Ente responsabile",
  partners: "Partner",
  indicators: "Indicatori",
  baseline: "Valore di partenza",
  target: "Valore atteso",
  resources: "Risorse",
  staffHours: "Ore di personale",
  euros: "Euro",
  fundingSource: "Fonte di finanziamento",
  timeline: "Tempi",
  signatoriesTitle: "Sottoscrittori e aderenti",
  organization: "Ente",
  person: "Persona",
  role: "Ruolo",
  signedAt: "Firmato il",
  signatory: "Sottoscrittore",
  adherent: "Aderente",
  noSignatories: "Nessuna firma per questa versione.",
  footnotes: "Note",
  groups: { family: "Famiglie", school: "Scuola", unknown: "Non indicato" },
};

const text = (value: string, marks: Partial<Inline> = {}): Inline =>
  ({ kind: "text", text: value, ...marks }) as Inline;

export function sampleDocument(overrides: Partial<ExportDocument> = {}): ExportDocument {
  const premesse: Block[] = [
    {
      kind: "paragraph",
      content: [
        text("Il tavolo lavora con "),
        text("le scuole", { bold: true } as Partial<Inline>),
        text(" e le "),
        text("famiglie", { italic: true } as Partial<Inline>),
        text(" del territorio"),
        { kind: "footnote", text: "Delibera n. 12 del 3 marzo 2026." },
        text(". Vedi "),
        text("il sito", { href: "https://www.comune.chieri.to.it/" } as Partial<Inline>),
        text("."),
      ],
    },
    { kind: "heading", level: 2, content: [text("Principi condivisi")] },
    {
      kind: "list",
      ordered: false,
      items: [
        [{ kind: "paragraph", content: [text("Ascolto delle famiglie")] }],
        [
          { kind: "paragraph", content: [text("Corresponsabilità")] },
          {
            kind: "list",
            ordered: true,
            items: [[{ kind: "paragraph", content: [text("tra enti")] }]],
          },
        ],
      ],
    },
    { kind: "paragraph", content: [text(HOSTILE)] },
    { kind: "quote", blocks: [{ kind: "paragraph", content: [text("Una citazione.")] }] },
    { kind: "rule" },
    {
      kind: "table",
      table: {
        headerRows: 1,
        rows: [
          [[text("Scuola")], [text("Alunni")]],
          [[text("Media Vittone")], [text("420")]],
          [[text(HOSTILE)], [text("12")]],
        ],
      },
    },
  ];
  return {
    kind: "pact",
    locale: "it",
    title: "Patto educativo di Chieri",
    roundtable: "Tavolo educativo di Chieri",
    territory: "Chieri (TO)",
    versionLabel: "Versione 3 — Testo approvato",
    hash: "9f2c".padEnd(64, "0"),
    date: new Date("2026-11-26T10:00:00Z"),
    sections: [
      { key: "premesse", title: "Premesse", blocks: premesse },
      {
        key: "finalita",
        title: "Finalità",
        blocks: [{ kind: "paragraph", content: [text("Ridurre la dispersione scolastica.")] }],
      },
    ],
    objectives: [
      {
        id: "o1",
        title: "Più spazi compiti pomeridiani",
        area: "B — Scuola e formazione",
        voices: { family: 12, school: 4 },
        actions: [
          {
            title: "Uno spazio compiti in biblioteca",
            responsible: "Comune di Chieri",
            partners: ["Istituto comprensivo Chieri I", '=HYPERLINK("http://x")'],
            indicators: [{ measure: "Studenti iscritti", baseline: "0", target: "40" }],
            resources: { staffHours: 120, euros: 4500.5, fundingSource: "Fondo povertà educativa" },
            start: "2027-01-10",
            end: "2027-06-30",
          },
        ],
      },
      {
        id: "o2",
        title: HOSTILE,
        area: null,
        voices: {},
        actions: [],
      },
    ],
    signatories: [
      {
        organization: "Comune di Chieri",
        person: "Franca Rossi",
        role: "signatory",
        signedAt: new Date("2026-11-26T11:00:00Z"),
        hash: "9f2c".padEnd(64, "0"),
      },
      {
        organization: "Associazione Genitori",
        person: "Marco Bianchi",
        role: "adherent",
        signedAt: new Date("2026-11-26T11:30:00Z"),
        hash: "9f2c".padEnd(64, "0"),
      },
    ],
    labels: LABELS_IT,
    ...overrides,
  };
}

const SENTENCE =
  "Il tavolo si impegna a sostenere le famiglie nel percorso scolastico dei figli, con spazi di ascolto, orari condivisi e servizi accessibili a tutti. ";

/**
 * A pact of over forty A4 pages (43 in the PDF): 10 sections of 10 paragraphs of ~1,400 characters
 * and a table each.
 */
export function fortyPageDocument(): ExportDocument {
  const base = sampleDocument();
  const sections = Array.from({ length: 10 }, (_, s) => ({
    key: `sezione-${s + 1}`,
    title: `Sezione ${s + 1}`,
    blocks: [
      ...Array.from({ length: 10 }, (_, p): Block => ({
        kind: "paragraph",
        content: [text(`${p + 1}. ${SENTENCE.repeat(9)}`)],
      })),
      {
        kind: "table",
        table: {
          headerRows: 1,
          rows: [
            [[text("Voce")], [text("Descrizione")]],
            ...Array.from({ length: 12 }, (_, r) => [[text(`Voce ${r + 1}`)], [text(SENTENCE)]]),
          ],
        },
      } as Block,
    ],
  }));
  return { ...base, sections };
}

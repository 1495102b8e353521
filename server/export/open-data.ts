// The open-data exports of a pact's objectives and actions: CSV for spreadsheets (one row per
// indicator) and JSON for programs. Numbers and days are written for machines (4500.5,
// 2027-03-01); headers and the voices' group names in the document's language.
import type { ExportDocument } from "../../core/export/model";
import { formatVoices, xmlSafe } from "../../core/export/outline";
import { translate } from "../../core/i18n";

/**
 * RFC 4180 with CRLF line ends, UTF-8 with a byte order mark (so that Excel reads the accents),
 * every field quoted, columns in a stable order.
 */
export function renderCsv(doc: ExportDocument): string {
  const { labels } = doc;
  // The three headers ExportLabels has no word for come from the same catalogue area.
  const t = (key: string) => translate(doc.locale, `export.${key}`);
  const header = [
    t("objective_number"),
    labels.objective,
    labels.area,
    labels.voices,
    labels.action,
    labels.responsible,
    labels.partners,
    labels.indicators,
    labels.baseline,
    labels.target,
    labels.staffHours,
    labels.euros,
    labels.fundingSource,
    t("start"),
    t("end"),
    labels.version,
    labels.hash,
  ];
  const version = [doc.versionLabel ?? "", doc.hash];
  const rows: string[][] = [header];
  for (const [index, objective] of doc.objectives.entries()) {
    const about = [
      String(index + 1),
      objective.title,
      objective.area ?? "",
      formatVoices(doc, objective.voices),
    ];
    if (objective.actions.length === 0) {
      const blank = Array<string>(header.length - about.length - version.length).fill("");
      rows.push([...about, ...blank, ...version]);
    }
    for (const action of objective.actions) {
      const { staffHours, euros, fundingSource } = action.resources;
      const indicators = action.indicators.length > 0 ? action.indicators : [null];
      for (const indicator of indicators) {
        rows.push([
          ...about,
          action.title,
          action.responsible ?? "",
          action.partners.join("; "),
          indicator?.measure ?? "",
          indicator?.baseline ?? "",
          indicator?.target ?? "",
          staffHours === null ? "" : String(staffHours),
          euros === null ? "" : String(euros),
          fundingSource,
          action.start ?? "",
          action.end ?? "",
          ...version,
        ]);
      }
    }
  }
  return `\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/**
 * A quoted field. A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula: such a cell gets a leading apostrophe (OWASP, CSV injection).
 */
function csvField(value: string): string {
  const text = xmlSafe(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The pact, its objectives with their actions, and who signed, as pretty-printed JSON. */
export function renderJson(doc: ExportDocument): string {
  const data = {
    pact: {
      title: doc.title,
      roundtable: doc.roundtable,
      territory: doc.territory,
      version: doc.versionLabel,
      hash: doc.hash,
      date: doc.date.toISOString(),
    },
    objectives: doc.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      area: o.area,
      voices: o.voices,
      actions: o.actions.map((a) => ({
        title: a.title,
        responsible: a.responsible,
        partners: a.partners,
        indicators: a.indicators.map((i) => ({
          measure: i.measure,
          baseline: i.baseline,
          target: i.target,
        })),
        resources: {
          staffHours: a.resources.staffHours,
          euros: a.resources.euros,
          fundingSource: a.resources.fundingSource,
        },
        start: a.start,
        end: a.end,
      })),
    })),
    signatories: doc.signatories.map((s) => ({
      organization: s.organization,
      person: s.person,
      role: s.role,
      signedAt: s.signedAt.toISOString(),
      hash: s.hash,
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

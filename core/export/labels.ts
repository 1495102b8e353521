// The fixed words of an export in the document's language, from the catalogue (core/i18n/areas/
// export.ts), gathered once so that renderers print labels and hold no language of their own.
import { CONTRIBUTOR_GROUPS, type Locale } from "../domain";
import { translate } from "../i18n";
import type { ExportLabels } from "./model";

export function exportLabels(locale: Locale, kind: "pact" | "minutes"): ExportLabels {
  const t = (key: string) => translate(locale, `export.${key}`);
  return {
    documentKind: t(kind === "pact" ? "document_pact" : "document_minutes"),
    version: t("version"),
    hash: t("hash"),
    date: t("date"),
    page: t("page"),
    of: t("of"),
    contents: t("contents"),
    objectivesTitle: t("objectives_title"),
    objective: t("objective"),
    area: t("area"),
    voices: t("voices"),
    action: t("action"),
    responsible: t("responsible"),
    partners: t("partners"),
    indicators: t("indicators"),
    baseline: t("baseline"),
    target: t("target"),
    resources: t("resources"),
    staffHours: t("staff_hours"),
    euros: t("euros"),
    fundingSource: t("funding_source"),
    timeline: t("timeline"),
    signatoriesTitle: t("signatories_title"),
    organization: t("organization"),
    person: t("person"),
    role: t("role"),
    signedAt: t("signed_at"),
    signatory: t("signatory"),
    adherent: t("adherent"),
    noSignatories: t("no_signatories"),
    footnotes: t("footnotes"),
    groups: {
      // The minutes' names for the groups (core/minutes.ts), so both documents say the same.
      ...Object.fromEntries(
        CONTRIBUTOR_GROUPS.map((group) => [group, translate(locale, `minutes.group_${group}`)]),
      ),
      unknown: t("group_unknown"),
    },
  };
}

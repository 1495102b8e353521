// The taxonomy objectives are filed under (DESIGN.md "area di policy"): by default the ten
// macro-areas A–J of Regione Lombardia's guidelines for the Piani di Zona (seed 002, DGR XI/4563);
// a tavolo may replace it with its own list.
import { z } from "zod";
import type { Locale } from "./domain";

export interface PolicyArea {
  /** Short and stable: objectives keep the key, so a label can be reworded later. */
  key: string;
  label: string;
}

const DEFAULT_LABELS: Record<Locale, readonly string[]> = {
  it: [
    "Contrasto alla povertà e all'emarginazione sociale",
    "Politiche abitative",
    "Promozione inclusione attiva",
    "Domiciliarità",
    "Anziani",
    "Digitalizzazione dei servizi",
    "Politiche giovanili e per i minori",
    "Interventi connessi alle politiche del lavoro",
    "Interventi per la famiglia",
    "Interventi a favore delle persone con disabilità",
  ],
  en: [
    "Fighting poverty and social exclusion",
    "Housing policy",
    "Promoting active inclusion",
    "Care at home",
    "Older people",
    "Digital services",
    "Youth and children's policy",
    "Work-related measures",
    "Support for families",
    "Support for people with disabilities",
  ],
};

const DEFAULT_KEYS = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] as const;

/** The default taxonomy, labelled in the reader's language. */
export function defaultPolicyAreas(locale: Locale): PolicyArea[] {
  return DEFAULT_KEYS.map((key, i) => ({ key, label: DEFAULT_LABELS[locale][i]! }));
}

export const MAX_POLICY_AREAS = 40;

/** A tavolo's own taxonomy, as sent to `PUT /api/v1/roundtables/:id/policy-areas`. */
export const policyAreaList = z
  .array(
    z.object({
      key: z
        .string({ error: "validation.required" })
        .trim()
        .regex(/^[\p{L}\p{N}._-]{1,12}$/u, { error: "validation.policy_area_key" }),
      label: z
        .string({ error: "validation.required" })
        .trim()
        .min(1, { error: "validation.required" })
        .max(200, { error: "validation.too_long" }),
    }),
    { error: "validation.invalid" },
  )
  .min(1, { error: "validation.required" })
  .max(MAX_POLICY_AREAS, { error: "validation.too_many" })
  .refine((areas) => new Set(areas.map((a) => a.key)).size === areas.length, {
    error: "validation.policy_area_duplicate",
  });

/** The tavolo's taxonomy: its own list when it has one, else the default in the reader's language. */
export function policyAreasOf(custom: readonly PolicyArea[] | null, locale: Locale): PolicyArea[] {
  return custom && custom.length > 0 ? custom.map((a) => ({ ...a })) : defaultPolicyAreas(locale);
}

/** The area an objective is filed under, or null when its key is unset or no longer listed. */
export function findPolicyArea(
  areas: readonly PolicyArea[],
  key: string | null,
): PolicyArea | null {
  return key === null ? null : (areas.find((a) => a.key === key) ?? null);
}

// Pact templates (issue 6): the ordered sections a pact is made of, each with guidance for the
// writers and an optional limit, counted as regional forms count (characters, spaces included) or
// in pages. Three are built in, after the seeds; a tavolo may add its own.
import { z } from "zod";

export type LimitUnit = "characters" | "pages";

export interface SectionLimit {
  unit: LimitUnit;
  value: number;
}

export interface PactSectionSpec {
  /** Stable within the pact: the section's Yjs fragment and its API path use it. */
  key: string;
  title: string;
  /** What the writers should put there. */
  guidance: string;
  limit: SectionLimit | null;
}

export interface PactTemplate {
  key: string;
  title: string;
  description: string;
  sections: PactSectionSpec[];
}

/**
 * How many characters (spaces included) one A4 page holds, to check a limit given in pages: an A4
 * page in 12 pt type, single spacing and 2.5 cm margins holds about 3,000 (the Italian *cartella
 * editoriale* of 1,800 is a typist's page, not a printed one).
 */
export const CHARACTERS_PER_PAGE = 3000;

/** A limit in characters (pages converted at CHARACTERS_PER_PAGE). */
export function limitInCharacters(limit: SectionLimit): number {
  return limit.unit === "pages" ? limit.value * CHARACTERS_PER_PAGE : limit.value;
}

const section = (
  key: string,
  title: string,
  guidance: string,
  limit: SectionLimit | null = null,
): PactSectionSpec => ({ key, title, guidance, limit });
const characters = (value: number): SectionLimit => ({ unit: "characters", value });
const pages = (value: number): SectionLimit => ({ unit: "pages", value });

export const BUILT_IN_TEMPLATES: readonly PactTemplate[] = [
  {
    key: "patto-educativo",
    title: "Patto educativo di comunità",
    description:
      "L'accordo con cui scuole, enti locali, servizi, terzo settore e famiglie di un territorio si impegnano su obiettivi educativi comuni.",
    sections: [
      section(
        "premesse",
        "Premesse",
        "Il contesto, i riferimenti normativi e il percorso con cui il tavolo è arrivato al patto.",
      ),
      section(
        "finalita",
        "Finalità",
        "Perché il patto esiste: il cambiamento che si vuole ottenere.",
      ),
      section(
        "obiettivi",
        "Obiettivi",
        "Gli obiettivi condivisi, ciascuno con l'area di policy e l'ascolto da cui viene.",
      ),
      section(
        "azioni",
        "Azioni",
        "Per ogni obiettivo le azioni: destinatari, luoghi, responsabili e partner, tempi.",
      ),
      section(
        "impegni",
        "Impegni dei sottoscrittori",
        "Che cosa ogni ente sottoscrittore e aderente si impegna a fare e a mettere a disposizione.",
      ),
      section(
        "governance",
        "Governance",
        "Chi decide, chi coordina, come si riunisce il tavolo e come si prendono le decisioni.",
      ),
      section(
        "durata",
        "Durata",
        "Da quando a quando vale il patto, e come si rinnova o si modifica.",
      ),
      section(
        "monitoraggio",
        "Monitoraggio e valutazione",
        "Gli indicatori, chi li raccoglie e quando, e come i risultati tornano al tavolo e alle famiglie.",
      ),
    ],
  },
  {
    key: "proposta-progettuale",
    title: "Schema proposta migliorativa",
    description:
      "Lo schema di proposta progettuale di un bando regionale di welfare territoriale, con i limiti di lunghezza del modulo.",
    sections: [
      section(
        "obiettivo-generale",
        "Obiettivo generale",
        "La risposta che il progetto vuole dare, in poche righe.",
      ),
      section(
        "obiettivi-specifici",
        "Obiettivi specifici",
        "Gli obiettivi specifici, numerati: ciascuno sarà ripreso nell'analisi dei bisogni e nelle azioni.",
      ),
      section(
        "esperienza-pregressa",
        "Esperienza pregressa in relazione agli obiettivi progettuali",
        "Che cosa i partner hanno già fatto su questi obiettivi, con quali risultati.",
        characters(3500),
      ),
      section(
        "analisi-bisogni",
        "Analisi dei bisogni e destinatari diretti e indiretti, suddivisi per obiettivo",
        "Per ogni obiettivo specifico: i bisogni rilevati, da quali fonti, e chi ne beneficia.",
        characters(3500),
      ),
      section(
        "azioni-attivita",
        "Azioni e attività proposte, suddivise per obiettivo",
        "Per ogni obiettivo specifico: le azioni, le attività, i tempi e chi le realizza.",
        pages(4),
      ),
      section(
        "governance",
        "Elementi di governance complessiva, modalità di coinvolgimento delle reti formali e informali",
        "Come si coordina il progetto e come partecipano reti formali e informali.",
        characters(3500),
      ),
    ],
  },
  {
    key: "piano-di-zona",
    title: "Piano di Zona",
    description:
      "La struttura di un documento di Piano di Zona triennale dell'ambito territoriale, con l'accordo di programma.",
    sections: [
      section(
        "normativa",
        "Normativa di riferimento",
        "Le norme nazionali e regionali di riferimento.",
      ),
      section(
        "esiti-precedente",
        "Esiti della programmazione precedente",
        "Per ogni obiettivo del triennio precedente: raggiunto o no, perché, criticità, che cosa resta.",
      ),
      section(
        "analisi-territorio",
        "Analisi socio-demografica ed economica del territorio",
        "Popolazione, famiglie, lavoro, redditi: i dati che spiegano i bisogni.",
      ),
      section(
        "analisi-bisogni",
        "Analisi dei bisogni e del sistema delle risposte presenti",
        "I bisogni per destinatari (giovani e famiglie, adulti, anziani, persone con disabilità) e le risposte già attive.",
      ),
      section(
        "obiettivi-ambito",
        "Obiettivi d'ambito",
        "Per ogni macro-area di policy gli obiettivi del triennio, con indicatori (input, processo, output, outcome), risorse e soggetti coinvolti.",
      ),
      section(
        "obiettivi-sovrazonali",
        "Obiettivi sovrazonali",
        "Gli obiettivi condivisi con gli ambiti vicini.",
      ),
      section(
        "reti",
        "Reti di collaborazione con altri soggetti",
        "Le reti e i protocolli con scuole, terzo settore, sanità, sindacati.",
      ),
      section(
        "governance",
        "Governance del Piano di Zona",
        "Livelli di indirizzo politico, di gestione (Ufficio di Piano) e di progettazione (tavoli tecnici).",
      ),
      section(
        "accordo-programma",
        "Accordo di programma",
        "Sottoscrittori, aderenti, ente capofila, impegni di ciascuno e durata.",
      ),
    ],
  },
];

export function builtInTemplate(key: string): PactTemplate | null {
  return BUILT_IN_TEMPLATES.find((t) => t.key === key) ?? null;
}

const KEY = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** A template made by a tavolo (from scratch or from a pact), as the API accepts it. */
export const pactTemplateInput = z
  .object({
    key: z.string().trim().regex(KEY, { error: "validation.template_key" }),
    title: z
      .string({ error: "validation.required" })
      .trim()
      .min(1, { error: "validation.required" })
      .max(200, { error: "validation.too_long" }),
    description: z.string().trim().max(2000, { error: "validation.too_long" }).default(""),
    sections: z
      .array(
        z.object({
          key: z.string().trim().regex(KEY, { error: "validation.template_key" }),
          title: z
            .string({ error: "validation.required" })
            .trim()
            .min(1, { error: "validation.required" })
            .max(300, { error: "validation.too_long" }),
          guidance: z.string().trim().max(2000, { error: "validation.too_long" }).default(""),
          limit: z
            .object({
              unit: z.enum(["characters", "pages"], { error: "validation.choice" }),
              value: z
                .number({ error: "validation.number" })
                .int({ error: "validation.number" })
                .min(1, { error: "validation.number" })
                .max(1_000_000, { error: "validation.number" }),
            })
            .nullable()
            .default(null),
        }),
      )
      .min(1, { error: "validation.required" })
      .max(100, { error: "validation.too_many" })
      .refine((sections) => new Set(sections.map((s) => s.key)).size === sections.length, {
        error: "validation.section_key_duplicate",
      }),
  })
  .strict();

// Italian pact text made up from vocabularies with a seeded random generator, for the pact editor
// bench: the same seed gives the same Markdown. Headings, paragraphs with bold and italic, bullet
// and numbered lists, and two tables, spread over a template's sections. Not real text: a load.
import { seededRandom } from "./clustering-corpus";

const SUBJECTS = [
  "Il tavolo",
  "La scuola secondaria di primo grado",
  "Il Comune capofila",
  "L'ambito territoriale",
  "Le associazioni sportive",
  "Il consultorio familiare",
  "La cooperativa sociale",
  "Il comitato dei genitori",
  "Il servizio sociale professionale",
  "La biblioteca civica",
  "L'oratorio parrocchiale",
  "Il centro per l'impiego",
  "L'istituto comprensivo",
  "La rete delle educatrici",
];
const VERBS = [
  "promuove",
  "coordina",
  "sostiene",
  "organizza",
  "garantisce",
  "mette a disposizione",
  "verifica",
  "accompagna",
  "raccoglie",
  "condivide",
  "progetta insieme",
  "rende accessibili",
];
const OBJECTS = [
  "percorsi di orientamento per gli studenti",
  "uno spazio compiti pomeridiano",
  "laboratori di musica e teatro",
  "attività sportive gratuite",
  "momenti di ascolto per i genitori",
  "il trasporto serale dalle frazioni",
  "la formazione comune degli educatori",
  "un calendario condiviso delle iniziative",
  "l'apertura serale della biblioteca",
  "i dati sulla dispersione scolastica",
  "centri estivi a tariffa agevolata",
  "gruppi di mutuo aiuto tra famiglie",
  "la mediazione linguistica per le famiglie arrivate da poco",
];
const COMPLEMENTS = [
  "nel corso dell'anno scolastico",
  "in collaborazione con le famiglie",
  "in ogni frazione del territorio",
  "con cadenza mensile",
  "a partire da settembre",
  "secondo le priorità emerse dall'ascolto",
  "con particolare attenzione ai ragazzi più fragili",
  "nei locali messi a disposizione dal Comune",
  "entro la fine del primo anno",
  "senza costi per le famiglie",
  "d'intesa con i dirigenti scolastici",
  "perché nessuno resti indietro",
];
const CLAUSES = [
  "così che le famiglie sappiano a chi rivolgersi",
  "come è stato chiesto negli incontri di quartiere",
  "tenendo conto degli orari di lavoro dei genitori",
  "e ne rende conto al tavolo ogni sei mesi",
  "anche grazie ai volontari del servizio civile",
  "dove oggi mancano luoghi di incontro",
];
const HEADINGS = [
  "Il contesto territoriale",
  "Gli esiti dell'ascolto",
  "Le risorse disponibili",
  "I soggetti coinvolti",
  "Il calendario",
  "Gli strumenti di lavoro",
  "I risultati attesi",
  "Le criticità da affrontare",
  "La comunicazione alle famiglie",
  "Le scuole del territorio",
];

/** One block of Markdown and the characters of its text as a regional form counts them. */
interface Block {
  markdown: string;
  characters: number;
}

function textGenerator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

  /** A sentence as plain text and as Markdown (some words in bold or italic). */
  function sentence(): { plain: string; markdown: string } {
    const object = pick(OBJECTS);
    const parts = [pick(SUBJECTS), pick(VERBS), object, pick(COMPLEMENTS)];
    if (random() < 0.4) parts.push(`, ${pick(CLAUSES)}`);
    const plain = capitalized(parts.join(" ").replace(" ,", ",")) + ".";
    const emphasis = random();
    const marked = emphasis < 0.12 ? `**${object}**` : emphasis < 0.22 ? `*${object}*` : object;
    return { plain, markdown: plain.replace(object, marked) };
  }

  function paragraph(): Block {
    const sentences = Array.from({ length: 3 + Math.floor(random() * 4) }, sentence);
    return {
      markdown: sentences.map((s) => s.markdown).join(" "),
      characters: sentences.map((s) => s.plain).join(" ").length,
    };
  }

  function list(ordered: boolean): Block {
    const items = Array.from(
      { length: 3 + Math.floor(random() * 3) },
      () => `${capitalized(pick(OBJECTS))} ${pick(COMPLEMENTS)}`,
    );
    return {
      markdown: items.map((item, i) => `${ordered ? `${i + 1}.` : "-"} ${item}`).join("\n"),
      characters: items.join("").length,
    };
  }

  function heading(level: 3 | 4): Block {
    const text = pick(HEADINGS);
    return { markdown: `${"#".repeat(level)} ${text}`, characters: text.length };
  }

  function table(): Block {
    const header = ["Azione", "Responsabile", "Quando", "Destinatari"];
    const rows = Array.from({ length: 6 }, (_, i) => [
      `${i + 1}. ${capitalized(pick(OBJECTS))}`,
      pick(SUBJECTS),
      pick(["settembre", "ottobre–dicembre", "gennaio", "primavera", "estate", "tutto l'anno"]),
      pick(["studenti", "famiglie", "educatori", "ragazzi 11–14 anni", "genitori", "volontari"]),
    ]);
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return {
      markdown: [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n"),
      characters: [header, ...rows].flat().join("").length,
    };
  }

  return { random, paragraph, list, heading, table };
}

export interface PactTextOptions {
  /** Characters of text in all, spaces included (as regional forms count them). */
  characters: number;
  seed?: number;
}

/**
 * Markdown for each of `sectionKeys`, about `characters` characters of text in all (a little
 * more: the last block of each section is whole). Sections get uneven shares, as real pacts do;
 * the two longest hold a table each.
 */
export function pactText(
  sectionKeys: readonly string[],
  { characters, seed = 6 }: PactTextOptions,
): Record<string, string> {
  const generate = textGenerator(seed);
  const weights = sectionKeys.map((_, i) => [1, 0.6, 1.2, 2, 1.2, 0.8, 0.4, 0.8][i % 8]!);
  const total = weights.reduce((a, b) => a + b, 0);
  const withTable = new Set(
    [...sectionKeys.keys()].sort((a, b) => weights[b]! - weights[a]!).slice(0, 2),
  );
  const sections: Record<string, string> = {};
  sectionKeys.forEach((key, index) => {
    const target = Math.round((characters * weights[index]!) / total);
    const blocks: Block[] = [generate.heading(3), generate.paragraph()];
    if (withTable.has(index)) blocks.push(generate.table());
    let written = blocks.reduce((sum, b) => sum + b.characters, 0);
    // Stop half a paragraph short: the last block, kept whole, makes up the difference.
    while (written < target - 200) {
      const roll = generate.random();
      const block =
        roll < 0.1
          ? generate.heading(3)
          : roll < 0.16
            ? generate.heading(4)
            : roll < 0.26
              ? generate.list(false)
              : roll < 0.32
                ? generate.list(true)
                : generate.paragraph();
      blocks.push(block);
      written += block.characters;
    }
    sections[key] = blocks.map((b) => b.markdown).join("\n\n");
  });
  return sections;
}

/** Lower-case Italian words without accents (typed through the US keyboard): exactly `length`. */
export function typingText(length: number, seed: number): string {
  const random = seededRandom(seed);
  const words = (
    "il tavolo si riunisce ogni mese con le scuole e le famiglie per decidere insieme " +
    "gli orari dello spazio compiti e dei laboratori di musica nel quartiere nord"
  ).split(" ");
  let text = "";
  while (text.length < length) text += `${words[Math.floor(random() * words.length)]!} `;
  return text.slice(0, length);
}

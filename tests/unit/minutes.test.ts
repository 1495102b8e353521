import { describe, expect, it } from "vitest";
import { draftMinutes, escapeMarkdown, type MinutesFacts } from "../../core/minutes";

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+01:00`);

const facts: MinutesFacts = {
  roundtable: { name: "Tavolo giovani", territory: "Ambito di Lecco" },
  meeting: {
    title: "Laboratorio sulle priorità",
    startsAt: at("18:00"),
    place: "Biblioteca civica",
    onlineUrl: "https://meet.jit.si/tavolo-giovani",
  },
  startedAt: at("18:05"),
  closedAt: at("19:40"),
  members: [
    { organization: "Comune di Lecco", role: "facilitator" },
    { organization: "Comune di Lecco", role: "member" },
    { organization: "IC Lecco 2", role: "member" },
    { organization: null, role: "secretary" },
  ],
  contributors: ["family", "family", "school", null],
  steps: [
    { title: "Accoglienza", startedAt: at("18:05"), endedAt: at("18:15") },
    { title: "Ascolto", startedAt: at("18:15"), endedAt: at("19:40") },
  ],
  cards: [
    {
      id: "c1",
      text: "Più spazi per i giovani",
      group: "family",
      inPerson: false,
      clusterId: "k1",
    },
    { id: "c2", text: "Doposcuola *gratuito*", group: "school", inPerson: true, clusterId: "k1" },
    { id: "c3", text: "Trasporti serali", group: null, inPerson: false, clusterId: null },
  ],
  clusters: [{ id: "k1", label: "Spazi" }],
  votes: [
    {
      target: "clusters",
      closedAt: at("19:30"),
      voters: 7,
      ranking: [
        { label: "Spazi", dots: 12 },
        { label: "Trasporti", dots: 4 },
      ],
    },
  ],
};

describe("the draft minutes", () => {
  const text = draftMinutes(facts, "it");

  it("open with the meeting, the tavolo, the date, the times and the place", () => {
    expect(text).toMatch(/^# Verbale dell'incontro «Laboratorio sulle priorità»\n/);
    expect(text).toContain("Tavolo: Tavolo giovani (Ambito di Lecco)");
    expect(text).toContain("Data: martedì 1 dicembre 2026");
    expect(text).toContain("Orario: 18:05–19:40");
    expect(text).toContain("Luogo: Biblioteca civica");
    expect(text).toContain("<https://meet.jit.si/tavolo-giovani>");
  });

  it("count attendance by organisation and remote contributors by group, naming no one", () => {
    expect(text).toContain("- Comune di Lecco: presenti 2");
    expect(text).toContain("- IC Lecco 2: presenti 1");
    expect(text).toContain("- Senza ente: presenti 1");
    expect(text).toContain("- Partecipanti da remoto: 4");
    expect(text).toContain("  - Famiglie: 2");
    expect(text).toContain("  - Gruppo non indicato: 1");
  });

  it("list the steps with their start and end times", () => {
    expect(text).toContain("- Accoglienza: 18:05–18:15");
    expect(text).toContain("- Ascolto: 18:15–19:40");
  });

  it("count cards by group and those typed up from paper", () => {
    expect(text).toContain("Schede raccolte: 3.");
    expect(text).toContain("Di cui trascritte da carta: 1.");
    expect(text).toMatch(/- Famiglie: 1\n- Scuola: 1\n- Gruppo non indicato: 1/);
  });

  it("list each cluster with its cards, and the cards in none", () => {
    expect(text).toContain(
      "### Spazi (2)\n\n- Più spazi per i giovani\n- Doposcuola \\*gratuito\\*",
    );
    expect(text).toContain("### Schede non raggruppate (1)\n\n- Trasporti serali");
  });

  it("rank the dot votes' items", () => {
    expect(text).toContain("Priorità tra i raggruppamenti — votanti 7");
    expect(text).toContain("1. Spazi — punti 12\n2. Trasporti — punti 4");
  });

  it("leave the decisions for the secretariat to write", () => {
    expect(text).toMatch(/## Decisioni\n\n_Da completare a cura della segreteria\._\n$/);
  });

  it("are written in English for an English reader", () => {
    const english = draftMinutes(facts, "en");
    expect(english).toContain("# Minutes of the meeting “Laboratorio sulle priorità”");
    expect(english).toMatch(/Date: Tuesday, December 1, 2026/);
    expect(english).toContain("- Families: 2");
  });

  it("say so when the meeting never started", () => {
    const empty = draftMinutes(
      {
        ...facts,
        startedAt: null,
        closedAt: null,
        steps: [],
        members: [],
        contributors: [],
        cards: [],
        clusters: [],
        votes: [],
      },
      "it",
    );
    expect(empty).toContain("Nessuna presenza registrata.");
    expect(empty).toContain("L'incontro non è stato avviato.");
    expect(empty).toContain("Schede raccolte: 0.");
    expect(empty).toContain("Nessuna votazione.");
    expect(empty).not.toContain("Orario:");
  });
});

describe("escaping Markdown in typed text", () => {
  it.each([
    ["# titolo", "\\# titolo"],
    ["- elenco", "\\- elenco"],
    ["1. primo", "1\\. primo"],
    ["[link](http://x)", "\\[link\\]\\(http://x\\)"],
    ["<script>", "\\<script\\>"],
    ["riga\nnuova   riga", "riga nuova riga"],
  ])("%j becomes %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });
});

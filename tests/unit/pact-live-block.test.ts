import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readBoard } from "../../core/board";
import { pactHash } from "../../core/pact/canonical";
import { countCharacters } from "../../core/pact/counting";
import { pactSchema } from "../../core/pact/extensions";
import {
  liveBlockFromBoard,
  liveBlockGroups,
  liveBlockMeetings,
  OBJECTIVES_BLOCK,
  type LiveBlockData,
  type LiveBlockResolver,
} from "../../core/pact/live-block";
import { markdownToSection, sectionToMarkdown } from "../../core/pact/markdown";
import { readSection, writeSection } from "../../core/pact/section-doc";
import { defaultPolicyAreas } from "../../core/policy-areas";
import {
  addAction,
  createObjective,
  deleteObjective,
  putIndicator,
  updateAction,
} from "../../core/sensemaking";

const MEETING = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

const paragraph = (text: string): JSONContent => ({
  type: "paragraph",
  content: [{ type: "text", text }],
});
const block = (meetingId: string = MEETING): JSONContent => ({
  type: OBJECTIVES_BLOCK,
  attrs: { meetingId },
});
const section = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });

const DATA: LiveBlockData = {
  objectives: [
    {
      id: "o-luoghi",
      title: "Luoghi di incontro | per i ragazzi",
      area: { key: "G", label: "Politiche giovanili e per i minori" },
      actions: [
        {
          title: "Aprire le biblioteche\nil pomeriggio",
          responsible: "Comune di Chieri",
          indicators: [
            { measure: "Ore di apertura", baseline: "0", target: "12" },
            { measure: "Ragazzi", baseline: "", target: "50" },
            { measure: "Prestiti", baseline: "300", target: "" },
            { measure: "Orari pubblicati", baseline: "", target: "" },
          ],
          start: "2027-01-10",
          end: "2027-06-30",
        },
        {
          title: "Sportello serale",
          responsible: null,
          indicators: [],
          start: null,
          end: "2027-12-31",
        },
        {
          title: "Spazio compiti",
          responsible: null,
          indicators: [],
          start: "2027-09-01",
          end: null,
        },
      ],
    },
    { id: "o-alleanza", title: "Alleanza tra scuola e famiglie", area: null, actions: [] },
  ],
};

const TABLE = `| Obiettivo | Area di policy | Azione | Ente responsabile | Indicatori | Tempi |
| --- | --- | --- | --- | --- | --- |
| Luoghi di incontro \\| per i ragazzi | G · Politiche giovanili e per i minori | Aprire le biblioteche il pomeriggio | Comune di Chieri | Ore di apertura: da 0 a 12; Ragazzi: obiettivo 50; Prestiti: oggi 300; Orari pubblicati | 10/01/2027 – 30/06/2027 |
|  |  | Sportello serale |  |  | entro il 31/12/2027 |
|  |  | Spazio compiti |  |  | dal 01/09/2027 |
| Alleanza tra scuola e famiglie |  |  |  |  |  |`;

const UNREADABLE =
  "*Obiettivi e azioni dell'incontro non disponibili: non è stato possibile leggerli.*";

const resolving =
  (data: LiveBlockData | null): LiveBlockResolver =>
  (id) =>
    id === MEETING ? data : null;

describe("a live block in Markdown", () => {
  it("is written as the table of the objectives and actions it is given, one row per action", () => {
    const doc = section(paragraph("Prima."), block(), paragraph("Dopo."));
    expect(sectionToMarkdown(doc, { liveBlocks: resolving(DATA) })).toBe(
      `Prima.\n\n${TABLE}\n\nDopo.`,
    );
  });

  it("is written as a sentence when the meeting has no objectives yet", () => {
    expect(sectionToMarkdown(section(block()), { liveBlocks: resolving({ objectives: [] }) })).toBe(
      "*L'incontro non ha ancora obiettivi.*",
    );
  });

  it.each<[string, string, LiveBlockResolver | undefined]>([
    ["without data", MEETING, undefined],
    ["when the meeting cannot be read", MEETING, resolving(null)],
    ["for a meeting it has no data of", "altro-incontro", resolving(DATA)],
    [
      "when reading fails",
      MEETING,
      () => {
        throw new Error("gone");
      },
    ],
  ])("says it could not be read %s, and never throws", (_, meetingId, liveBlocks) => {
    const doc = section(paragraph("Prima."), block(meetingId));
    expect(sectionToMarkdown(doc, { liveBlocks })).toBe(`Prima.\n\n${UNREADABLE}`);
  });

  it("is resolved inside lists and quotes too", () => {
    const doc = section({
      type: "blockquote",
      content: [paragraph("Citazione"), block()],
    });
    expect(sectionToMarkdown(doc, { liveBlocks: resolving(DATA) })).toContain(
      "> | Obiettivo | Area di policy |",
    );
  });

  it("reads back as a plain table, never a live block, and writes the same Markdown again", () => {
    const markdown = sectionToMarkdown(section(paragraph("Prima."), block()), {
      liveBlocks: resolving(DATA),
    });
    const read = markdownToSection(markdown);
    expect(liveBlockMeetings([read])).toEqual([]);
    expect(read.content?.map((node) => node.type)).toEqual(["paragraph", "table"]);
    expect(sectionToMarkdown(read)).toBe(markdown);
  });

  it("gives a version the same hash for the same board data, and a new one when it changes", () => {
    const version = (data: LiveBlockData) =>
      pactHash([
        {
          key: "obiettivi",
          title: "Obiettivi",
          markdown: sectionToMarkdown(section(paragraph("Prima."), block()), {
            liveBlocks: resolving(data),
          }),
        },
      ]);
    const copy = JSON.parse(JSON.stringify(DATA)) as LiveBlockData;
    expect(version(copy)).toBe(version(DATA));
    const changed = JSON.parse(JSON.stringify(DATA)) as LiveBlockData;
    changed.objectives[1]!.actions.push({
      title: "Patto con le famiglie",
      responsible: null,
      indicators: [],
      start: null,
      end: null,
    });
    expect(version(changed)).not.toBe(version(DATA));
  });
});

describe("a live block in the count", () => {
  it("counts the text of the table it prints, as the same table typed in would count", () => {
    const doc = section(paragraph("Prima."), block());
    const printed = sectionToMarkdown(doc, { liveBlocks: resolving(DATA) });
    expect(countCharacters(doc, { liveBlocks: resolving(DATA) })).toBe(
      countCharacters(markdownToSection(printed)),
    );
    expect(countCharacters(doc, { liveBlocks: resolving(DATA) })).toBeGreaterThan(300);
  });

  it("counts nothing while it cannot be read: the sentence standing for it is a notice", () => {
    const doc = section(paragraph("Prima."), block());
    expect(countCharacters(doc)).toBe(6);
    expect(countCharacters(doc, { liveBlocks: resolving(null) })).toBe(6);
  });
});

describe("a live block in the pact's document", () => {
  it("is a block of the shared schema that survives the section's Yjs fragment with its meeting", () => {
    const node = pactSchema().nodeFromJSON(section(paragraph("Prima."), block()));
    expect(() => node.check()).not.toThrow();
    expect(node.child(1).type.spec.atom).toBe(true);
    const ydoc = new Y.Doc();
    writeSection(ydoc, "obiettivi", section(paragraph("Prima."), block()));
    expect(readSection(ydoc, "obiettivi").content?.[1]).toEqual(block());
  });

  it("names the meetings of a pact's blocks once each", () => {
    expect(
      liveBlockMeetings([
        section(block("a"), paragraph("x"), block("b")),
        section({ type: "blockquote", content: [block("a")] }),
        section(paragraph("nessuno")),
      ]),
    ).toEqual(["a", "b"]);
  });
});

describe("a live block's rows from the board document", () => {
  it("reads objectives and their actions as the objectives API serves them", () => {
    const doc = new Y.Doc();
    createObjective(doc, { id: "o-1", title: "Luoghi", policyArea: "G", clusterIds: [] });
    createObjective(doc, { id: "o-2", title: "Area sconosciuta", policyArea: "Z", clusterIds: [] });
    createObjective(doc, { id: "o-3", title: "Cancellato", clusterIds: [] });
    addAction(doc, { id: "a-1", objectiveId: "o-1", title: "Biblioteche" });
    updateAction(doc, "a-1", {
      responsibleOrganizationId: "org-comune",
      timeline: { start: "2027-01-10" },
    });
    putIndicator(doc, "a-1", "i-1", { kind: "input", measure: "Ore", baseline: "0", target: "12" });
    addAction(doc, { id: "a-2", objectiveId: "o-1", title: "Di un ente di fuori" });
    updateAction(doc, "a-2", { responsibleOrganizationId: "org-altrove" });
    addAction(doc, { id: "a-3", objectiveId: "o-3", title: "Orfana" });
    deleteObjective(doc, "o-3");

    const data = liveBlockFromBoard(readBoard(doc), {
      policyAreas: defaultPolicyAreas("it"),
      organizations: [{ id: "org-comune", name: "Comune di Chieri" }],
    });
    expect(data).toEqual({
      objectives: [
        {
          id: "o-1",
          title: "Luoghi",
          area: { key: "G", label: "Politiche giovanili e per i minori" },
          actions: [
            {
              title: "Biblioteche",
              responsible: "Comune di Chieri",
              indicators: [{ measure: "Ore", baseline: "0", target: "12" }],
              start: "2027-01-10",
              end: null,
            },
            {
              title: "Di un ente di fuori",
              responsible: null,
              indicators: [],
              start: null,
              end: null,
            },
          ],
        },
        { id: "o-2", title: "Area sconosciuta", area: null, actions: [] },
      ],
    });
  });

  it("writes the cells in the reader's language and day format for the editor", () => {
    const [first] = liveBlockGroups(DATA, "en", (day) => `<${day}>`);
    expect(first!.rows[0]).toEqual({
      action: "Aprire le biblioteche il pomeriggio",
      responsible: "Comune di Chieri",
      indicators:
        "Ore di apertura: from 0 to 12; Ragazzi: target 50; Prestiti: today 300; Orari pubblicati",
      timeline: "<2027-01-10> – <2027-06-30>",
    });
    expect(first!.rows[1]!.timeline).toBe("by <2027-12-31>");
  });
});

// Live blocks of a pact on the real server: a section holds a meeting's objectives and actions,
// written on the board by an official y-websocket client; the API reads them as a Markdown table
// that follows the board, a version freezes the table as it stood, and a meeting of another tavolo
// is never read into the pact, even by someone who may read it there.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { countCharacters } from "../../core/pact/counting";
import { pactDocName } from "../../core/pact/extensions";
import { OBJECTIVES_BLOCK } from "../../core/pact/live-block";
import { markdownToSection } from "../../core/pact/markdown";
import { readSection, writeSection } from "../../core/pact/section-doc";
import {
  addAction,
  createObjective,
  putIndicator,
  updateAction,
  updateObjective,
} from "../../core/sensemaking";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";
import { boardFixture, until, yjsClients } from "../support/yjs";

/** A section: a sentence, the meeting's live block, a closing sentence. */
const withBlock = (meetingId: string): JSONContent => ({
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Gli obiettivi del laboratorio:" }] },
    { type: "objectivesBlock", attrs: { meetingId } },
    { type: "paragraph", content: [{ type: "text", text: "Il tavolo li rivede ogni anno." }] },
  ],
});

const TABLE_HEAD = `| Obiettivo | Area di policy | Azione | Ente responsabile | Indicatori | Tempi |
| --- | --- | --- | --- | --- | --- |`;

const FIRST_TABLE = `Gli obiettivi del laboratorio:

${TABLE_HEAD}
| Luoghi di incontro per i ragazzi | G · Politiche giovanili e per i minori | Aprire le biblioteche il pomeriggio | Comune di Chieri | Ore di apertura settimanali: da 0 a 12; Ragazzi che frequentano gli spazi: obiettivo 50 | 10/01/2027 – 30/06/2027 |
| Alleanza tra scuola e famiglie |  |  |  |  |  |

Il tavolo li rivede ogni anno.`;

describe(`live blocks of objectives and actions in a pact on ${testDbKind()}`, () => {
  let app: TestApp;
  const { join, destroyAll } = yjsClients(() => app);

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    destroyAll();
    await app.close();
  });

  /** A tavolo with a meeting whose board holds two objectives, one with a full action. */
  async function tavoloWithObjectives() {
    const board = await boardFixture(app);
    const organization = await api(
      app,
      board.owner.token,
      "POST",
      `/roundtables/${board.roundtableId}/organizations`,
      { name: "Comune di Chieri", kind: "municipality" },
    );
    expect(organization.status).toBe(201);
    const boardClient = await join(board.docName, board.owner.token);
    const { doc } = boardClient;
    createObjective(doc, {
      id: "o-luoghi",
      title: "Luoghi di incontro per i ragazzi",
      policyArea: "G",
      clusterIds: [],
    });
    createObjective(doc, {
      id: "o-alleanza",
      title: "Alleanza tra scuola e famiglie",
      clusterIds: [],
    });
    addAction(doc, {
      id: "a-biblioteche",
      objectiveId: "o-luoghi",
      title: "Aprire le biblioteche il pomeriggio",
    });
    updateAction(doc, "a-biblioteche", {
      responsibleOrganizationId: organization.json.id,
      timeline: { start: "2027-01-10", end: "2027-06-30" },
    });
    putIndicator(doc, "a-biblioteche", "i-ore", {
      kind: "input",
      measure: "Ore di apertura settimanali",
      baseline: "0",
      target: "12",
    });
    putIndicator(doc, "a-biblioteche", "i-ragazzi", {
      kind: "outcome",
      measure: "Ragazzi che frequentano gli spazi",
      target: "50",
    });
    const pact = await api(
      app,
      board.owner.token,
      "POST",
      `/roundtables/${board.roundtableId}/pacts`,
      {
        title: "Patto educativo di Chieri",
        template: "patto-educativo",
      },
    );
    expect(pact.status, pact.text).toBe(201);
    return { ...board, boardDoc: doc, pactId: pact.json.id as string };
  }

  const sectionOf = async (token: string, pactId: string, key = "obiettivi") => {
    const read = await api(app, token, "GET", `/pacts/${pactId}`);
    expect(read.status, read.text).toBe(200);
    return read.json.sections.find((s: { key: string }) => s.key === key) as {
      markdown: string;
      characters: number;
    };
  };

  it("reads a live block as the table of the board's objectives and actions, follows the board, and a version keeps the table as it stood", async () => {
    const t = await tavoloWithObjectives();
    const writer = await join(pactDocName(t.pactId), t.owner.token);
    writeSection(writer.doc, "obiettivi", withBlock(t.meetingId));
    // The document holds the block itself, not a table: the table is read when the pact is.
    expect(readSection(writer.doc, "obiettivi").content?.[1]?.type).toBe(OBJECTIVES_BLOCK);

    await until("the block to reach the API", async () => {
      return (await sectionOf(t.owner.token, t.pactId)).markdown === FIRST_TABLE;
    });
    const section = await sectionOf(t.owner.token, t.pactId);
    // What the table prints counts toward the limit, as the same text typed in would.
    expect(section.characters).toBe(countCharacters(markdownToSection(FIRST_TABLE)));

    const first = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/versions`, {
      label: "Con gli obiettivi del laboratorio",
    });
    expect(first.status, first.text).toBe(201);
    // Nothing changed on the board: the same table, the same hash.
    const again = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/versions`, {
      label: "Di nuovo",
    });
    expect(again.json.hash).toBe(first.json.hash);

    // The board moves on: a new action, a renamed objective.
    addAction(t.boardDoc, {
      id: "a-patto",
      objectiveId: "o-alleanza",
      title: "Patto di corresponsabilità con le famiglie",
    });
    updateObjective(t.boardDoc, "o-luoghi", { title: "Luoghi di incontro per ragazze e ragazzi" });
    let moved = "";
    await until("the board's change to reach the pact", async () => {
      moved = (await sectionOf(t.owner.token, t.pactId)).markdown;
      return moved.includes("Patto di corresponsabilità con le famiglie");
    });
    expect(moved).toContain(
      "| Alleanza tra scuola e famiglie |  | Patto di corresponsabilità con le famiglie |  |  |  |",
    );
    expect(moved).toContain("| Luoghi di incontro per ragazze e ragazzi |");

    // The frozen version still holds the table as it was.
    const frozen = await api(
      app,
      t.owner.token,
      "GET",
      `/pacts/${t.pactId}/versions/${first.json.id}`,
    );
    expect(frozen.json.hash).toBe(first.json.hash);
    expect(frozen.json.sections.find((s: { key: string }) => s.key === "obiettivi").markdown).toBe(
      FIRST_TABLE,
    );
    const later = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/versions`, {
      label: "Con la nuova azione",
    });
    expect(later.json.hash).not.toBe(first.json.hash);

    // Restoring the first version writes its text back: a plain table, no longer live.
    const restored = await api(
      app,
      t.owner.token,
      "POST",
      `/pacts/${t.pactId}/versions/${first.json.id}/restore`,
    );
    expect(restored.status, restored.text).toBe(201);
    expect(restored.json.hash).toBe(first.json.hash);
    await until("the restore to reach the open editor", () =>
      readSection(writer.doc, "obiettivi").content?.some((n) => n.type === "table"),
    );
    expect(
      readSection(writer.doc, "obiettivi").content?.some((n) => n.type === OBJECTIVES_BLOCK),
    ).toBe(false);
    addAction(t.boardDoc, { id: "a-dopo", objectiveId: "o-luoghi", title: "Un'azione successiva" });
    // The board's projection has caught up once the objectives API shows the action.
    await until("the new action to be projected", async () => {
      const view = await api(app, t.owner.token, "GET", `/meetings/${t.meetingId}/objectives`);
      return JSON.stringify(view.json).includes("Un'azione successiva");
    });
    expect((await sectionOf(t.owner.token, t.pactId)).markdown).toBe(FIRST_TABLE);
  });

  it("never reads a meeting of another tavolo into the pact, even for someone who may read it there", async () => {
    const t = await tavoloWithObjectives();
    const other = await boardFixture(app);
    const secretBoard = await join(other.docName, other.owner.token);
    createObjective(secretBoard.doc, {
      id: "o-segreto",
      title: "Obiettivo riservato dell'altro tavolo",
      clusterIds: [],
    });
    // The pact's facilitator is a member of the other tavolo too: they may read its board there.
    await app.db
      .insertInto("roundtable_members")
      .values({ roundtable_id: other.roundtableId, user_id: t.owner.actor.userId, role: "member" })
      .execute();
    const elsewhere = await api(
      app,
      t.owner.token,
      "GET",
      `/meetings/${other.meetingId}/objectives`,
    );
    expect(JSON.stringify(elsewhere.json)).toContain("Obiettivo riservato dell'altro tavolo");

    const writer = await join(pactDocName(t.pactId), t.owner.token);
    writeSection(writer.doc, "obiettivi", withBlock(other.meetingId));
    writeSection(writer.doc, "azioni", withBlock("not-a-meeting"));
    const unreadable =
      "*Obiettivi e azioni dell'incontro non disponibili: non è stato possibile leggerli.*";
    await until("the block to reach the API", async () => {
      return (await sectionOf(t.owner.token, t.pactId)).markdown.includes(unreadable);
    });
    const read = await api(app, t.owner.token, "GET", `/pacts/${t.pactId}`);
    expect(read.text).not.toContain("Obiettivo riservato");
    for (const key of ["obiettivi", "azioni"]) {
      const section = read.json.sections.find((s: { key: string }) => s.key === key);
      expect(section.markdown).toBe(
        `Gli obiettivi del laboratorio:\n\n${unreadable}\n\nIl tavolo li rivede ogni anno.`,
      );
      // An unreadable block adds nothing to the count.
      expect(section.characters).toBe(
        countCharacters(
          markdownToSection("Gli obiettivi del laboratorio:\n\nIl tavolo li rivede ogni anno."),
        ),
      );
    }
    const version = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/versions`, {
      label: "Prova",
    });
    const frozen = await api(
      app,
      t.owner.token,
      "GET",
      `/pacts/${t.pactId}/versions/${version.json.id}`,
    );
    expect(frozen.text).not.toContain("Obiettivo riservato");
  });

  it("shows an observer of the tavolo the same table and count as the facilitator", async () => {
    const t = await tavoloWithObjectives();
    const observer = await userWithToken(app.services, "Olga Osservatrice");
    await app.db
      .insertInto("roundtable_members")
      .values({ roundtable_id: t.roundtableId, user_id: observer.actor.userId, role: "observer" })
      .execute();
    const writer = await join(pactDocName(t.pactId), t.owner.token);
    writeSection(writer.doc, "obiettivi", withBlock(t.meetingId));
    await until("the block to reach the API", async () => {
      return (await sectionOf(t.owner.token, t.pactId)).markdown === FIRST_TABLE;
    });
    expect(await sectionOf(observer.token, t.pactId)).toEqual(
      await sectionOf(t.owner.token, t.pactId),
    );
  });
});

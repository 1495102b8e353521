// Exports and publishing on the real server: a pact whose section holds a meeting's live block is
// frozen into a version (which keeps the objectives and the voices behind them), exported over the
// API in every format and read back (DOCX and ODT unzipped and parsed, PDF text extracted, CSV and
// JSON parsed), published once agreed, and read by anyone on its public page without personal data.
import { DOMParser } from "@xmldom/xmldom";
import { unzipSync, strFromU8 } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { EXPORT_FORMATS } from "../../core/export/model";
import { addCard, createCluster } from "../../core/board-ops";
import { pactDocName } from "../../core/pact/extensions";
import { writeSection } from "../../core/pact/section-doc";
import { addAction, createObjective, putIndicator, updateAction } from "../../core/sensemaking";
import { agreeVersion } from "../support/agreement";
import { api, startTestApp, type TestApp } from "../support/app";
import { pdfText as readPdf } from "../support/pdf-text";

/** All of a PDF's pages' text. */
const pdfText = async (bytes: Uint8Array) => (await readPdf(bytes)).pages.join("\n");
import { testDbKind } from "../support/test-db";
import { boardFixture, until, yjsClients } from "../support/yjs";

const FORMULA = '=HYPERLINK("http://esempio.invalid","clic")';
const PREMESSE = `Il tavolo lavora con **le scuole** e le *famiglie* del territorio[^1].

| Scuola | Alunni |
| --- | --- |
| Media Vittone | 420 |

[^1]: Delibera n. 12 del 3 marzo 2026.`;

const withBlock = (meetingId: string): JSONContent => ({
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Gli obiettivi del laboratorio:" }] },
    { type: "objectivesBlock", attrs: { meetingId } },
  ],
});

/** Every text node of an XML part, joined. */
function xmlText(xml: string): string {
  const errors: string[] = [];
  const fail = (message: string) => {
    errors.push(message);
  };
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: fail, fatalError: fail },
  }).parseFromString(xml, "text/xml");
  expect(errors).toEqual([]);
  return doc.documentElement?.textContent ?? "";
}

async function download(app: TestApp, token: string | null, path: string) {
  const response = await fetch(`${app.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

describe(`exports and publishing on ${testDbKind()}`, () => {
  let app: TestApp;
  const { join, destroyAll } = yjsClients(() => app);

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    destroyAll();
    await app.close();
  });

  /** A tavolo whose meeting's board has an objective fed by three cards, and a pact showing it. */
  async function pactWithObjectives() {
    const board = await boardFixture(app);
    const organization = await api(
      app,
      board.owner.token,
      "POST",
      `/roundtables/${board.roundtableId}/organizations`,
      { name: "Comune di Chieri", kind: "municipality" },
    );
    const { doc } = await join(board.docName, board.owner.token);
    createCluster(doc, { id: "c-spazi", label: "Spazi", position: { x: 0, y: 0 } });
    addCard(doc, {
      id: "k1",
      text: "Serve un posto",
      authorLabel: "Anna",
      group: "family",
      clusterId: "c-spazi",
    });
    addCard(doc, {
      id: "k2",
      text: "Aule aperte",
      authorLabel: "Anonimo",
      group: "family",
      clusterId: "c-spazi",
    });
    addCard(doc, {
      id: "k3",
      text: "Compiti insieme",
      authorLabel: "Prof",
      group: "school",
      clusterId: "c-spazi",
    });
    createObjective(doc, {
      id: "o-spazi",
      title: "Più spazi compiti",
      policyArea: "B",
      clusterIds: ["c-spazi"],
    });
    createObjective(doc, { id: "o-formula", title: FORMULA, clusterIds: [] });
    addAction(doc, {
      id: "a-bib",
      objectiveId: "o-spazi",
      title: "Uno spazio compiti in biblioteca",
    });
    updateAction(doc, "a-bib", {
      responsibleOrganizationId: organization.json.id,
      resources: { staffHours: 120, euros: 4500.5, fundingSource: "Fondo povertà educativa" },
      timeline: { start: "2027-01-10", end: "2027-06-30" },
    });
    putIndicator(doc, "a-bib", "i-1", {
      kind: "output",
      measure: "Studenti iscritti",
      baseline: "0",
      target: "40",
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
    const pactId: string = pact.json.id;
    const put = await api(app, board.owner.token, "PUT", `/pacts/${pactId}/sections/premesse`, {
      markdown: PREMESSE,
    });
    expect(put.status, put.text).toBe(200);
    const writer = await join(pactDocName(pactId), board.owner.token);
    writeSection(writer.doc, "obiettivi", withBlock(board.meetingId));
    await until("the live block to reach the API", async () => {
      const read = await api(app, board.owner.token, "GET", `/pacts/${pactId}`);
      return read.json.sections.some((s: { markdown: string }) =>
        s.markdown.includes("Più spazi compiti"),
      );
    });
    return { ...board, pactId, organizationId: organization.json.id as string };
  }

  it("exports a version in every format, read back with its sections, tables, objectives, signatories and hash", async () => {
    const t = await pactWithObjectives();
    const version = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/versions`, {
      label: "Testo per la firma",
    });
    expect(version.status, version.text).toBe(201);
    const { id: versionId, hash } = version.json as { id: string; hash: string };
    // The board changes after the version: the version's exports keep the objective as it was.
    const board = await join(t.docName, t.owner.token);
    createObjective(board.doc, { id: "o-dopo", title: "Obiettivo aggiunto dopo", clusterIds: [] });

    const files = new Map<string, Awaited<ReturnType<typeof download>>>();
    for (const format of EXPORT_FORMATS) {
      const file = await download(
        app,
        t.owner.token,
        `/api/v1/pacts/${t.pactId}/export?format=${format}&version=${versionId}`,
      );
      expect(file.status, format).toBe(200);
      expect(file.disposition).toContain(`patto-educativo-di-chieri-v1.${format}`);
      files.set(format, file);
    }
    expect(files.get("pdf")!.type).toBe("application/pdf");
    expect(files.get("docx")!.type).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(files.get("odt")!.type).toBe("application/vnd.oasis.opendocument.text");

    const expectText = (text: string) => {
      const flat = text.replace(/\s+/g, "");
      for (const piece of [
        "Premesse",
        "Il tavolo lavora con",
        "Media Vittone",
        "Delibera n. 12 del 3 marzo 2026.",
        "Più spazi compiti",
        "Uno spazio compiti in biblioteca",
        "Studenti iscritti",
        "Comune di Chieri",
        hash,
      ]) {
        expect(flat, piece).toContain(piece.replace(/\s+/g, ""));
      }
      expect(flat).not.toContain("Obiettivoaggiuntodopo");
    };

    const docx = unzipSync(files.get("docx")!.bytes);
    expectText(
      ["word/document.xml", "word/footnotes.xml", "word/footer1.xml"]
        .filter((part) => docx[part])
        .map((part) => xmlText(strFromU8(docx[part]!)))
        .join(" "),
    );
    const odt = unzipSync(files.get("odt")!.bytes);
    expect(strFromU8(odt.mimetype!)).toBe("application/vnd.oasis.opendocument.text");
    expectText(
      `${xmlText(strFromU8(odt["content.xml"]!))} ${xmlText(strFromU8(odt["styles.xml"]!))}`,
    );
    expectText(await pdfText(files.get("pdf")!.bytes));
    expectText(new TextDecoder().decode(files.get("md")!.bytes));
    expectText(new TextDecoder().decode(files.get("html")!.bytes));

    // Open data: the formula an objective's title holds is text, not a formula, in the CSV.
    const csv = new TextDecoder().decode(files.get("csv")!.bytes);
    expect(csv).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
    expect(csv).not.toMatch(/(^|,)"=/m);
    const json = JSON.parse(new TextDecoder().decode(files.get("json")!.bytes));
    expect(json.pact.hash).toBe(hash);
    const spazi = json.objectives.find((o: { title: string }) => o.title === "Più spazi compiti");
    // The voices behind the objective, by group: three cards, never who wrote them.
    expect(spazi.voices).toEqual({ family: 2, school: 1 });
    expect(JSON.stringify(json)).not.toContain("Anna");
    expect(spazi.actions[0].resources).toEqual({
      staffHours: 120,
      euros: 4500.5,
      fundingSource: "Fondo povertà educativa",
    });
  });

  it("exports the working draft labelled as such, and refuses a bad format, a stranger's version and an outsider", async () => {
    const t = await pactWithObjectives();
    const draft = await download(app, t.owner.token, `/api/v1/pacts/${t.pactId}/export?format=md`);
    expect(draft.status).toBe(200);
    expect(draft.disposition).toContain("patto-educativo-di-chieri.md");
    expect(new TextDecoder().decode(draft.bytes)).toContain("Bozza di lavoro");

    const bad = await api(app, t.owner.token, "GET", `/pacts/${t.pactId}/export?format=exe`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.format).toBeTruthy();
    const missing = await api(
      app,
      t.owner.token,
      "GET",
      `/pacts/${t.pactId}/export?format=pdf&version=00000000-0000-4000-8000-000000000000`,
    );
    expect(missing.status).toBe(404);

    const observer = await t.member("observer", app.db, "Oscar Osservatore");
    const read = await download(
      app,
      observer.token,
      `/api/v1/pacts/${t.pactId}/export?format=json`,
    );
    expect(read.status).toBe(200);
    const outsider = await boardFixture(app);
    const refused = await api(
      app,
      outsider.owner.token,
      "GET",
      `/pacts/${t.pactId}/export?format=md`,
    );
    expect([403, 404]).toContain(refused.status);
  });

  it("publishes only an agreed version; the public page and its downloads need no login and show no personal data", async () => {
    const t = await pactWithObjectives();
    const member = await t.member("member", app.db, "Marco Bianchi");
    await app.db
      .updateTable("roundtable_members")
      .set({ organization_id: t.organizationId })
      .where("user_id", "=", member.actor.userId)
      .execute();
    const version = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/versions`, {
      label: "Testo approvato",
    });
    const versionId: string = version.json.id;

    const early = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/publication`, {
      versionId,
    });
    expect(early.status).toBe(409);
    expect(early.json.error.fields.versionId).toBeTruthy();
    const notAllowed = await api(app, member.token, "POST", `/pacts/${t.pactId}/publication`, {
      versionId,
    });
    expect(notAllowed.status).toBe(403);
    // What the public page and its downloads read (the pages themselves: tests/e2e/agreement).
    const { exports } = app.services;
    const notFound = expect.objectContaining({ code: "not_found" });
    await expect(exports.publicPact(t.pactId)).rejects.toEqual(notFound);

    await agreeVersion(app.services, t.owner.actor, t.pactId, versionId);
    const published = await api(app, t.owner.token, "POST", `/pacts/${t.pactId}/publication`, {
      versionId,
    });
    expect(published.status, published.text).toBe(200);
    expect(published.json.url).toBe(`${app.url}/public/pacts/${t.pactId}`);
    const listed = await api(app, t.owner.token, "GET", `/pacts/${t.pactId}/versions`);
    expect(listed.json.versions[0].agreedAt).toBeTruthy();

    const view = await exports.publicPact(t.pactId);
    expect(view.version).toMatchObject({ id: versionId, hash: version.json.hash });
    expect(view.sections.find((s) => s.key === "premesse")?.markdown).toContain("le scuole");
    // Voices by group, never the cards' authors or anyone's email.
    const spazi = view.objectives.find((o) => o.title === "Più spazi compiti");
    expect(spazi?.voices).toEqual({ family: 2, school: 1 });
    expect(JSON.stringify(view)).not.toMatch(/Anna|@example\.test/);

    const pdf = await exports.exportPublic(t.pactId, { format: "pdf" }, "it");
    expect(pdf.fileName).toBe("patto-educativo-di-chieri-v1.pdf");
    expect(await pdfText(pdf.bytes)).toContain("Premesse");
    await expect(exports.exportPublic(t.pactId, { format: "exe" }, "it")).rejects.toEqual(
      expect.objectContaining({ code: "invalid" }),
    );

    const withdrawn = await api(app, t.owner.token, "DELETE", `/pacts/${t.pactId}/publication`);
    expect(withdrawn.status).toBe(200);
    await expect(exports.publicPact(t.pactId)).rejects.toEqual(notFound);
    await expect(exports.exportPublic(t.pactId, { format: "pdf" }, "it")).rejects.toEqual(notFound);
  });

  it("exports a meeting's minutes in every format", async () => {
    const t = await pactWithObjectives();
    const generated = await api(app, t.owner.token, "POST", `/meetings/${t.meetingId}/minutes`, {
      locale: "it",
    });
    expect(generated.status, generated.text).toBeLessThan(300);
    for (const format of EXPORT_FORMATS) {
      const file = await download(
        app,
        t.owner.token,
        `/api/v1/meetings/${t.meetingId}/minutes/export?format=${format}`,
      );
      expect(file.status, format).toBe(200);
    }
    const md = await download(
      app,
      t.owner.token,
      `/api/v1/meetings/${t.meetingId}/minutes/export?format=md`,
    );
    expect(new TextDecoder().decode(md.bytes)).toContain("Laboratorio");
    const pdf = await download(
      app,
      t.owner.token,
      `/api/v1/meetings/${t.meetingId}/minutes/export?format=pdf`,
    );
    expect(await pdfText(pdf.bytes)).toContain("Laboratorio");
  });
});

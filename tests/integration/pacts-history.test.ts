// A pact's history on the real server: two people typing in two sections through official
// y-websocket clients, an import over the API, a version and its restore; sessions instead of a
// row per keystroke; pages back in time; filters; who may read it; bad queries refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pactDocName } from "../../core/pact/extensions";
import { markdownToSection } from "../../core/pact/markdown";
import { writeSection } from "../../core/pact/section-doc";
import { updateFrame, CLOSE } from "../../server/yjs/protocol";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { pactTavolo } from "../support/pact-api";
import { testDbKind } from "../support/test-db";
import { rawSocket, until, wsUrl, yjsClients, type Client } from "../support/yjs";

interface Entry {
  kind: "edit" | "version" | "restore";
  source?: "editor" | "import" | "restore";
  by: { id: string | null; name: string } | null;
  section?: { key: string; title: string };
  from?: string;
  to?: string;
  at?: string;
  updates?: number;
  number?: number;
  label?: string;
  hash?: string;
  restoredFrom?: number | null;
}

describe(`a pact's history on ${testDbKind()}`, () => {
  let app: TestApp;
  let appClosed = false;
  const clients = yjsClients(() => app);

  beforeEach(async () => {
    app = await startTestApp();
    appClosed = false;
  });
  afterEach(async () => {
    clients.destroyAll();
    if (!appClosed) await app.close();
  });

  async function tavolo() {
    const tavolo = await pactTavolo(app);
    const pact = await tavolo.pact();
    return { chair: tavolo.chair, person: tavolo.person, pactId: pact.id };
  }

  const join = (token: string, pactId: string) => clients.join(pactDocName(pactId), token);

  /** Types `words` into a section one word at a time: one update per word, as keystrokes go. */
  function type(client: Client, section: string, words: string[]) {
    for (let i = 1; i <= words.length; i += 1) {
      writeSection(client.doc, section, markdownToSection(words.slice(0, i).join(" ")));
    }
  }

  /** Waits until the server's document holds `text` in the section. */
  async function serverHas(token: string, pactId: string, section: string, text: string) {
    await until(`${section} to read "${text}"`, async () => {
      const pact = await api(app, token, "GET", `/pacts/${pactId}`);
      return pact.json.sections.find((s: { key: string }) => s.key === section).markdown === text;
    });
  }

  async function history(token: string, pactId: string, query = "") {
    const reply = await api(app, token, "GET", `/pacts/${pactId}/history${query}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.json as { entries: Entry[]; nextBefore: string | null };
  }

  const editRows = (pactId: string) =>
    app.db
      .selectFrom("pact_edits")
      .selectAll()
      .where("pact_id", "=", pactId)
      .orderBy("started_at")
      .execute();

  it("lists each person with the section they typed in, one session each, by name and never by email", async () => {
    const { chair, person, pactId } = await tavolo();
    const anna = await person("member", "Anna Rossi");
    const bruno = await person("secretary", "Bruno Bianchi");
    const annaClient = await join(anna.token, pactId);
    const brunoClient = await join(bruno.token, pactId);

    type(annaClient, "premesse", ["Il", "tavolo", "si", "riunisce", "a", "Chieri"]);
    type(brunoClient, "finalita", ["Meno", "dispersione", "scolastica"]);
    await serverHas(chair.token, pactId, "premesse", "Il tavolo si riunisce a Chieri");
    await serverHas(chair.token, pactId, "finalita", "Meno dispersione scolastica");

    const { entries, nextBefore } = await history(chair.token, pactId);
    expect(nextBefore).toBeNull();
    const edits = entries.filter((e) => e.kind === "edit");
    expect(
      edits.map((e) => [e.by?.name, e.section?.key, e.section?.title, e.source]).sort(),
    ).toEqual([
      ["Anna Rossi", "premesse", "Premesse", "editor"],
      ["Bruno Bianchi", "finalita", "Finalità", "editor"],
    ]);
    const annas = edits.find((e) => e.by?.id === anna.actor.userId)!;
    expect(annas.updates).toBeGreaterThanOrEqual(6);
    expect(Date.parse(annas.from!)).toBeLessThanOrEqual(Date.parse(annas.to!));
    expect(JSON.stringify(entries)).not.toContain("@example.test");

    // Nine updates, two rows: sessions, not keystrokes.
    expect(await editRows(pactId)).toHaveLength(2);

    // More typing later in the same session extends the stored row rather than adding one.
    type(annaClient, "premesse", ["Il", "tavolo", "si", "riunisce", "a", "Chieri", "ogni", "mese"]);
    await serverHas(chair.token, pactId, "premesse", "Il tavolo si riunisce a Chieri ogni mese");
    const again = await history(chair.token, pactId);
    const annasNow = again.entries.filter((e) => e.by?.id === anna.actor.userId);
    expect(annasNow).toHaveLength(1);
    expect(annasNow[0]!.updates).toBeGreaterThan(annas.updates!);
    expect(await editRows(pactId)).toHaveLength(2);
  });

  it("lists an import over the API, a version and a restore, newest first", async () => {
    const { chair, person, pactId } = await tavolo();
    const anna = await person("member", "Anna Rossi");
    const put = await api(app, anna.token, "PUT", `/pacts/${pactId}/sections/governance`, {
      markdown: "Il tavolo si riunisce ogni mese.",
    });
    expect(put.status, put.text).toBe(200);
    const first = await api(app, chair.token, "POST", `/pacts/${pactId}/versions`, {
      label: "Prima bozza",
    });
    expect(first.status, first.text).toBe(201);
    await api(app, anna.token, "PUT", `/pacts/${pactId}/sections/governance`, {
      markdown: "Il tavolo si riunisce ogni due mesi.",
    });
    const restored = await api(
      app,
      chair.token,
      "POST",
      `/pacts/${pactId}/versions/${first.json.id}/restore`,
      {},
    );
    expect(restored.status, restored.text).toBe(201);

    const { entries } = await history(anna.token, pactId);
    expect(
      entries.map((e) => [e.kind, e.source ?? null, e.by?.name, e.section?.key ?? e.number]),
    ).toEqual([
      ["restore", null, "Chiara Facilitatrice", 2],
      ["edit", "restore", "Chiara Facilitatrice", "governance"],
      ["edit", "import", "Anna Rossi", "governance"],
      ["version", null, "Chiara Facilitatrice", 1],
      ["edit", "import", "Anna Rossi", "governance"],
    ]);
    expect(entries[0]).toMatchObject({
      kind: "restore",
      number: 2,
      restoredFrom: 1,
      hash: first.json.hash,
      label: "Ripristino della versione 1",
    });
    expect(entries[3]).toMatchObject({ kind: "version", label: "Prima bozza", restoredFrom: null });
    expect(entries[2]).toMatchObject({ updates: 1, by: { id: anna.actor.userId } });
  });

  it("goes back in time page by page, skipping none of the entries of one instant", async () => {
    const { chair, pactId } = await tavolo();
    // A whole-pact restore touches several sections at the same instant.
    for (const [i, key] of ["premesse", "finalita", "obiettivi"].entries()) {
      await api(app, chair.token, "PUT", `/pacts/${pactId}/sections/${key}`, {
        markdown: `Testo ${i}`,
      });
    }
    const v1 = await api(app, chair.token, "POST", `/pacts/${pactId}/versions`, { label: "Uno" });
    for (const key of ["premesse", "finalita", "obiettivi"]) {
      await api(app, chair.token, "PUT", `/pacts/${pactId}/sections/${key}`, { markdown: "" });
    }
    await api(app, chair.token, "POST", `/pacts/${pactId}/versions/${v1.json.id}/restore`, {});

    const all = (await history(chair.token, pactId, "?limit=200")).entries;
    expect(all).toHaveLength(3 + 1 + 3 + 3 + 1);

    const seen: Entry[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const query = `?limit=2${before ? `&before=${encodeURIComponent(before)}` : ""}`;
      const page = await history(chair.token, pactId, query);
      expect(page.entries.length).toBeGreaterThan(0);
      seen.push(...page.entries);
      before = page.nextBefore;
      if (!before) break;
    }
    expect(before).toBeNull();
    expect(seen).toEqual(all);
  });

  it("filters by section and by person", async () => {
    const { chair, person, pactId } = await tavolo();
    const anna = await person("member", "Anna Rossi");
    await api(app, anna.token, "PUT", `/pacts/${pactId}/sections/premesse`, { markdown: "A" });
    await api(app, chair.token, "PUT", `/pacts/${pactId}/sections/finalita`, { markdown: "B" });
    await api(app, chair.token, "POST", `/pacts/${pactId}/versions`, { label: "Uno" });

    const bySection = await history(chair.token, pactId, "?section=premesse");
    expect(bySection.entries.map((e) => [e.kind, e.by?.name])).toEqual([["edit", "Anna Rossi"]]);
    const byChair = await history(chair.token, pactId, `?person=${chair.actor.userId}`);
    expect(byChair.entries.map((e) => [e.kind, e.section?.key ?? null])).toEqual([
      ["version", null],
      ["edit", "finalita"],
    ]);
  });

  it("lets an observer read the history, and hides the pact from outsiders", async () => {
    const { chair, person, pactId } = await tavolo();
    const observer = await person("observer", "Olga Osservatrice");
    await api(app, chair.token, "PUT", `/pacts/${pactId}/sections/premesse`, { markdown: "A" });
    expect((await history(observer.token, pactId)).entries).toHaveLength(1);

    const outsider = await userWithToken(app.services, "Estranea");
    const refused = await api(app, outsider.token, "GET", `/pacts/${pactId}/history`);
    expect(refused.status).toBe(404);
    expect((await api(app, null, "GET", `/pacts/${pactId}/history`)).status).toBe(401);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=abc", "limit"],
    ["limit=-1", "limit"],
    ["limit=1.5", "limit"],
    ["before=ieri", "before"],
    ["before=2026-13-01T00:00:00Z", "before"],
    ["person=nobody", "person"],
    ["section=nessuna", "section"],
  ])("refuses ?%s with 400 naming the field", async (query, field) => {
    const { chair, pactId } = await tavolo();
    const reply = await api(app, chair.token, "GET", `/pacts/${pactId}/history?${query}`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.json.error.code).toBe("invalid");
    expect(Object.keys(reply.json.error.fields)).toEqual([field]);
  });

  it("records nothing for a malformed update, and stays up", async () => {
    const { chair, pactId } = await tavolo();
    const { socket, closed } = await rawSocket(wsUrl(app), pactDocName(pactId), chair.token);
    socket.send(updateFrame(new Uint8Array([1, 1, 200, 3, 0, 7, 9])));
    expect((await closed).code).toBe(CLOSE.MALFORMED);
    expect((await history(chair.token, pactId)).entries).toEqual([]);
    expect(await editRows(pactId)).toEqual([]);
  });

  it("writes what waits in memory when the server shuts down", async () => {
    const { person, pactId } = await tavolo();
    const anna = await person("member", "Anna Rossi");
    const client = await join(anna.token, pactId);
    type(client, "durata", ["Tre", "anni"]);
    await serverHas(anna.token, pactId, "durata", "Tre anni");
    expect(await editRows(pactId)).toEqual([]);

    clients.destroyAll();
    await app.close();
    appClosed = true;
    const rows = await editRows(pactId);
    expect(rows.map((r) => [r.user_id, r.author_name, r.section_key, r.source])).toEqual([
      [anna.actor.userId, "Anna Rossi", "durata", "editor"],
    ]);
    expect(rows[0]!.updates).toBeGreaterThanOrEqual(2);
  });
});

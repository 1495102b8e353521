// Pacts over the API on the real server: made from templates, sections imported as Markdown and
// read back, the same text on the pact's Yjs document (an official y-websocket client), versions
// with a stable hash across reloads and servers, the word-level diff, restore, and permissions.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILT_IN_TEMPLATES } from "../../core/pact/templates";
import { pactDocName } from "../../core/pact/extensions";
import { markdownToSection, sectionToMarkdown } from "../../core/pact/markdown";
import { readSection, writeSection } from "../../core/pact/section-doc";
import { createServer } from "../../server/create-server";
import { createServices } from "../../server/services";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { pactTavolo } from "../support/pact-api";
import { testDbKind } from "../support/test-db";
import { connectClient, until, wsUrl, type Client } from "../support/yjs";

/** A section with everything the import must keep: headings, lists, a table, links, a footnote. */
const RICH = `## Obiettivo 1: contrastare la dispersione scolastica

Il tavolo lavora con **le scuole**, *le famiglie* e ~~pochi~~ molti enti[^1]. Vedi il [bando regionale](https://www.regione.lombardia.it/bando).

### Azioni

- Doposcuola nei quartieri
  - tre pomeriggi a settimana
  - con educatori del consorzio
- Sportello per i genitori

1. Mappatura dei luoghi
2. Formazione congiunta

| Azione | Responsabile | Tempi |
| --- | --- | --- |
| Doposcuola | Cooperativa La Rete | 2026 |
| Sportello | Comune di Chieri | 2026-2027 |

> I ragazzi chiedono spazi propri.

[^1]: Compresi i gruppi informali di genitori.`;

describe(`pacts over the API on ${testDbKind()}`, () => {
  let app: TestApp;
  const clients: Client[] = [];
  const servers: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();
    await app.close();
  });

  /** A tavolo with its facilitator and a helper to add people with a role. */
  const tavolo = () => pactTavolo(app);

  async function join(token: string, pactId: string) {
    const client = await connectClient(wsUrl(app), pactDocName(pactId), token);
    clients.push(client);
    return client;
  }

  it("lists the built-in templates with their sections and limits", async () => {
    const { chair } = await tavolo();
    const listed = await api(app, chair.token, "GET", "/pact-templates");
    expect(listed.status).toBe(200);
    expect(listed.json.templates.map((t: { key: string }) => t.key)).toEqual([
      "patto-educativo",
      "proposta-progettuale",
      "piano-di-zona",
    ]);
    const proposal = listed.json.templates[1];
    expect(proposal.scope).toBe("built_in");
    expect(
      proposal.sections.find((s: { key: string }) => s.key === "esperienza-pregressa").limit,
    ).toEqual({ unit: "characters", value: 3500 });
    expect(
      proposal.sections.find((s: { key: string }) => s.key === "azioni-attivita").limit,
    ).toEqual({ unit: "pages", value: 4 });
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => t.key))(
    "creates a pact from the %s template with its sections, empty",
    async (key) => {
      const { chair, roundtableId } = await tavolo();
      const created = await api(app, chair.token, "POST", `/roundtables/${roundtableId}/pacts`, {
        title: "Il nostro patto",
        template: key,
      });
      expect(created.status, created.text).toBe(201);
      const template = BUILT_IN_TEMPLATES.find((t) => t.key === key)!;
      expect(created.json).toMatchObject({
        roundtableId,
        title: "Il nostro patto",
        template: key,
      });
      expect(created.json.sections).toEqual(
        template.sections.map((s) => ({
          ...s,
          markdown: "",
          characters: 0,
          limitState: "ok",
        })),
      );
      const listed = await api(app, chair.token, "GET", `/roundtables/${roundtableId}/pacts`);
      expect(listed.json.pacts.map((p: { id: string }) => p.id)).toEqual([created.json.id]);
    },
  );

  it("reads back a section imported as Markdown exactly: headings, lists, tables, links, footnotes", async () => {
    const stranger = await tavolo();
    const own = await tavolo();
    const pact = await own.pact();
    const put = await api(app, own.chair.token, "PUT", `/pacts/${pact.id}/sections/obiettivi`, {
      markdown: RICH,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ key: "obiettivi", markdown: RICH, limitState: "ok" });
    expect(put.json.characters).toBeGreaterThan(300);

    const read = await api(app, own.chair.token, "GET", `/pacts/${pact.id}`);
    expect(read.status).toBe(200);
    const section = read.json.sections.find((s: { key: string }) => s.key === "obiettivi");
    expect(section.markdown).toBe(RICH);
    expect(read.json.sections.filter((s: { markdown: string }) => s.markdown !== "")).toHaveLength(
      1,
    );
    // Someone else's tavolo: the pact does not exist for them.
    expect((await api(app, stranger.chair.token, "GET", `/pacts/${pact.id}`)).status).toBe(404);
  });

  it("writes an import into the live document: open editors see it, and their edits reach the API", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    const member = await t.person("member", "Marco Rossi");
    const editor = await join(member.token, pact.id);
    const reader = await join(t.chair.token, pact.id);

    const put = await api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/premesse`, {
      markdown: RICH,
    });
    expect(put.status, put.text).toBe(200);
    for (const client of [editor, reader]) {
      await until("the import to reach an open editor", () => {
        return sectionToMarkdown(readSection(client.doc, "premesse")) === RICH;
      });
    }

    // An editor types in another section; the API reads it from the document.
    writeSection(editor.doc, "finalita", markdownToSection("Ogni ragazzo trova **un adulto**."));
    await until("the editor's text to reach the API", async () => {
      const read = await api(app, t.chair.token, "GET", `/pacts/${pact.id}`);
      return (
        read.json.sections.find((s: { key: string }) => s.key === "finalita").markdown ===
        "Ogni ragazzo trova **un adulto**."
      );
    });
  });

  it("stores an import made with no editor open, for the next one to join", async () => {
    const t = await tavolo();
    const pact = await t.pact("proposta-progettuale");
    const put = await api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/governance`, {
      markdown: "Una **cabina di regia** con tutti i partner.",
    });
    expect(put.status).toBe(200);
    const later = await join(t.chair.token, pact.id);
    expect(sectionToMarkdown(readSection(later.doc, "governance"))).toBe(
      "Una **cabina di regia** con tutti i partner.",
    );
  });

  it("refuses an import that would make the document too large, and keeps the document as it was", async () => {
    await app.close();
    app = await startTestApp({ yjsLimits: { maxDocumentBytes: 4096 } });
    const t = await tavolo();
    const pact = await t.pact();
    const section = `/pacts/${pact.id}/sections/premesse`;
    expect((await api(app, t.chair.token, "PUT", section, { markdown: "Breve." })).status).toBe(
      200,
    );
    const big = await api(app, t.chair.token, "PUT", section, { markdown: "parola ".repeat(2000) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe("too_large");
    const read = await api(app, t.chair.token, "GET", `/pacts/${pact.id}`);
    expect(read.json.sections[0].markdown).toBe("Breve.");
  });

  it("counts characters with spaces and flags sections near and over their limit", async () => {
    const t = await tavolo();
    const pact = await t.pact("proposta-progettuale");
    const near = await api(
      app,
      t.chair.token,
      "PUT",
      `/pacts/${pact.id}/sections/analisi-bisogni`,
      {
        markdown: "a b ".repeat(800).trim(),
      },
    );
    expect(near.json).toMatchObject({ characters: 3199, limitState: "near" });
    const over = await api(
      app,
      t.chair.token,
      "PUT",
      `/pacts/${pact.id}/sections/esperienza-pregressa`,
      { markdown: "x".repeat(3501) },
    );
    expect(over.json).toMatchObject({ characters: 3501, limitState: "over" });
    const read = await api(app, t.chair.token, "GET", `/pacts/${pact.id}`);
    const states = Object.fromEntries(
      read.json.sections.map((s: { key: string; limitState: string }) => [s.key, s.limitState]),
    );
    expect(states).toMatchObject({
      "analisi-bisogni": "near",
      "esperienza-pregressa": "over",
      governance: "ok",
    });
  });

  it("gives the same text the same hash across reloads and servers, and a change a new one", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    const put = (key: string, markdown: string) =>
      api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/${key}`, { markdown });
    await put("premesse", RICH);
    await put("durata", "Tre anni, dal 2026 al 2028.");

    const first = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Bozza per il tavolo",
    });
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({
      number: 1,
      label: "Bozza per il tavolo",
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdBy: { id: t.chair.actor.userId, name: "Chiara Facilitatrice" },
      restoredFrom: null,
    });
    const again = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Di nuovo",
    });
    expect(again.json).toMatchObject({ number: 2, hash: first.json.hash });

    // The same document read by a second server of its own, on the same database.
    const other = await createServer({ db: app.db, services: createServices(app.db), port: 0 });
    servers.push(other);
    const fromOther = await api(other, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Dall'altra istanza",
    });
    expect(fromOther.json).toMatchObject({ number: 3, hash: first.json.hash });
    const seen = await api(other, t.chair.token, "GET", `/pacts/${pact.id}`);
    expect(seen.json.sections.find((s: { key: string }) => s.key === "premesse").markdown).toBe(
      RICH,
    );

    await put("durata", "Tre anni, dal 2026 al 2029.");
    const changed = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Durata corretta",
    });
    expect(changed.json.number).toBe(4);
    expect(changed.json.hash).not.toBe(first.json.hash);

    const listed = await api(app, t.chair.token, "GET", `/pacts/${pact.id}/versions`);
    expect(listed.json.versions.map((v: { number: number }) => v.number)).toEqual([4, 3, 2, 1]);
    const one = await api(app, t.chair.token, "GET", `/pacts/${pact.id}/versions/${first.json.id}`);
    expect(one.status).toBe(200);
    expect(one.json.hash).toBe(first.json.hash);
    expect(one.json.sections.find((s: { key: string }) => s.key === "durata")).toEqual({
      key: "durata",
      title: "Durata",
      markdown: "Tre anni, dal 2026 al 2028.",
    });
    expect(one.json.sections.map((s: { key: string }) => s.key)).toEqual(
      BUILT_IN_TEMPLATES[0]!.sections.map((s) => s.key),
    );
  });

  it("keeps the hash when the server restarts", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    await api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/azioni`, { markdown: RICH });
    const before = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Prima",
    });
    await app.close();
    const restarted = await createServer({ db: app.db, services: createServices(app.db), port: 0 });
    servers.push(restarted);
    const after = await api(restarted, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Dopo il riavvio",
    });
    expect(after.json.hash).toBe(before.json.hash);
    // afterEach closes `app` again: closing twice must be harmless, so give it a fresh one.
    app = Object.assign(restarted, { db: app.db });
    servers.pop();
  });

  it("compares two versions section by section, word by word", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    const put = (key: string, markdown: string) =>
      api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/${key}`, { markdown });
    await put("finalita", "Ogni ragazzo trova un adulto di riferimento.");
    await put("durata", "Tre anni.");
    const a = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, { label: "A" });
    await put("finalita", "Ogni ragazza e ogni ragazzo trova un adulto di riferimento.");
    const b = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, { label: "B" });

    const diff = await api(
      app,
      t.chair.token,
      "GET",
      `/pacts/${pact.id}/diff?from=${a.json.id}&to=${b.json.id}`,
    );
    expect(diff.status, diff.text).toBe(200);
    expect(diff.json.from).toMatchObject({ id: a.json.id, number: 1 });
    expect(diff.json.to).toMatchObject({ id: b.json.id, number: 2 });
    const byKey = Object.fromEntries(
      diff.json.sections.map((s: { key: string }) => [s.key, s]),
    ) as Record<string, { status: string; parts: { kind: string; text: string }[] }>;
    expect(byKey.durata!.status).toBe("same");
    expect(byKey.finalita!.status).toBe("changed");
    const parts = byKey.finalita!.parts;
    const text = (kinds: string[]) =>
      parts
        .filter((p) => kinds.includes(p.kind))
        .map((p) => p.text)
        .join("");
    expect(text(["same", "added"])).toBe(
      "Ogni ragazza e ogni ragazzo trova un adulto di riferimento.",
    );
    expect(text(["same", "removed"])).toBe("Ogni ragazzo trova un adulto di riferimento.");
    // Only the new words are marked, not the whole sentence.
    expect(text(["added"]).trim()).toBe("ragazza e ogni");
  });

  it("restores an old version into the document and freezes it as a new version", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    const put = (key: string, markdown: string) =>
      api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/${key}`, { markdown });
    await put("premesse", RICH);
    const first = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Prima stesura",
    });
    await put("premesse", "Tutto riscritto.");
    await put("durata", "Un anno.");
    await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, { label: "Seconda" });

    const open = await join(t.chair.token, pact.id);
    const restored = await api(
      app,
      t.chair.token,
      "POST",
      `/pacts/${pact.id}/versions/${first.json.id}/restore`,
      {},
    );
    expect(restored.status, restored.text).toBe(201);
    expect(restored.json).toMatchObject({
      number: 3,
      label: "Ripristino della versione 1",
      hash: first.json.hash,
      restoredFrom: { id: first.json.id, number: 1 },
    });
    await until("the restored text to reach the open editor", () => {
      return (
        sectionToMarkdown(readSection(open.doc, "premesse")) === RICH &&
        sectionToMarkdown(readSection(open.doc, "durata")) === ""
      );
    });
    const read = await api(app, t.chair.token, "GET", `/pacts/${pact.id}`);
    expect(read.json.sections.find((s: { key: string }) => s.key === "premesse").markdown).toBe(
      RICH,
    );

    // History: who imported and restored what.
    const events = await app.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id"])
      .where("subject_id", "=", pact.id)
      .orderBy("at")
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      "pact.created",
      "pact.section_imported",
      "pact.version_created",
      "pact.section_imported",
      "pact.section_imported",
      "pact.version_created",
      "pact.version_restored",
    ]);
    expect(new Set(events.map((e) => e.actor_user_id))).toEqual(new Set([t.chair.actor.userId]));
  });

  it("lets a tavolo make its own templates, from scratch or from a pact", async () => {
    const t = await tavolo();
    const path = `/roundtables/${t.roundtableId}/pact-templates`;
    const scratch = await api(app, t.chair.token, "POST", path, {
      key: "patto-quartiere",
      title: "Patto di quartiere",
      sections: [
        { key: "premesse", title: "Premesse" },
        {
          key: "impegni",
          title: "Impegni",
          guidance: "Chi fa che cosa.",
          limit: { unit: "characters", value: 2000 },
        },
      ],
    });
    expect(scratch.status, scratch.text).toBe(201);
    expect(scratch.json).toMatchObject({
      key: "patto-quartiere",
      scope: "roundtable",
      roundtableId: t.roundtableId,
      sections: [
        { key: "premesse", title: "Premesse", guidance: "", limit: null },
        { key: "impegni", limit: { unit: "characters", value: 2000 } },
      ],
    });

    const source = await t.pact("piano-di-zona", "Piano di Zona 2025-2027");
    const copied = await api(app, t.chair.token, "POST", path, {
      key: "piano-nostro",
      title: "Il nostro Piano di Zona",
      fromPactId: source.id,
    });
    expect(copied.status, copied.text).toBe(201);
    expect(copied.json.sections.map((s: { key: string }) => s.key)).toEqual(
      source.sections.map((s) => s.key),
    );

    const withOwn = await api(
      app,
      t.chair.token,
      "GET",
      `/pact-templates?roundtableId=${t.roundtableId}`,
    );
    expect(withOwn.json.templates.map((x: { key: string }) => x.key)).toEqual([
      "patto-educativo",
      "proposta-progettuale",
      "piano-di-zona",
      "patto-quartiere",
      "piano-nostro",
    ]);
    const builtInOnly = await api(app, t.chair.token, "GET", "/pact-templates");
    expect(builtInOnly.json.templates).toHaveLength(3);
    // Another tavolo neither sees these templates nor may use them.
    const stranger = await tavolo();
    const elsewhere = await api(
      app,
      stranger.chair.token,
      "POST",
      `/roundtables/${stranger.roundtableId}/pacts`,
      { title: "Patto", template: "patto-quartiere" },
    );
    expect(elsewhere.status).toBe(400);
    expect(
      (
        await api(
          app,
          stranger.chair.token,
          "GET",
          `/pact-templates?roundtableId=${t.roundtableId}`,
        )
      ).status,
    ).toBe(404);

    const made = await t.pact("patto-quartiere", "Patto di San Salvario");
    expect(made.sections.map((s) => s.key)).toEqual(["premesse", "impegni"]);

    for (const key of ["patto-quartiere", "patto-educativo"]) {
      const taken = await api(app, t.chair.token, "POST", path, {
        key,
        title: "Doppione",
        sections: [{ key: "a", title: "A" }],
      });
      expect(taken.status, key).toBe(409);
      expect(taken.json.error.fields).toEqual({
        key: "A template with this code already exists.",
      });
    }
    const both = await api(app, t.chair.token, "POST", path, {
      key: "entrambi",
      title: "Entrambi",
      sections: [{ key: "a", title: "A" }],
      fromPactId: source.id,
    });
    expect(both.status).toBe(400);
    expect(both.json.error.fields.sections).toBe(
      "Give the sections or the pact to copy them from, not both.",
    );
    const foreignPact = await stranger.pact();
    const foreign = await api(app, t.chair.token, "POST", path, {
      key: "altrui",
      title: "Altrui",
      fromPactId: foreignPact.id,
    });
    expect(foreign.status).toBe(400);
    expect(Object.keys(foreign.json.error.fields)).toEqual(["fromPactId"]);
  });

  it("lets members edit, observers only read, secretaries keep versions, outsiders see nothing", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    const member = await t.person("member");
    const observer = await t.person("observer");
    const secretary = await t.person("secretary");
    const outsider = await userWithToken(app.services, "Estranea");
    const section = `/pacts/${pact.id}/sections/premesse`;

    expect((await api(app, observer.token, "GET", `/pacts/${pact.id}`)).status).toBe(200);
    expect((await api(app, observer.token, "GET", `/pacts/${pact.id}/versions`)).status).toBe(200);
    const observerPut = await api(app, observer.token, "PUT", section, { markdown: "No." });
    expect(observerPut.status).toBe(403);
    expect(observerPut.json.error.code).toBe("forbidden");
    expect((await api(app, member.token, "PUT", section, { markdown: "Sì." })).status).toBe(200);
    expect(
      (await api(app, member.token, "POST", `/pacts/${pact.id}/versions`, { label: "V" })).status,
    ).toBe(403);
    const version = await api(app, secretary.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Della segreteria",
    });
    expect(version.status).toBe(201);
    expect(
      (
        await api(
          app,
          member.token,
          "POST",
          `/pacts/${pact.id}/versions/${version.json.id}/restore`,
          {},
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await api(app, member.token, "POST", `/roundtables/${t.roundtableId}/pacts`, {
          title: "Mio",
          template: "patto-educativo",
        })
      ).status,
    ).toBe(403);
    for (const who of [member, secretary]) {
      const template = await api(
        app,
        who.token,
        "POST",
        `/roundtables/${t.roundtableId}/pact-templates`,
        {
          key: "mio",
          title: "Mio",
          sections: [{ key: "a", title: "A" }],
        },
      );
      expect(template.status).toBe(403);
    }

    for (const [method, path] of [
      ["GET", `/pacts/${pact.id}`],
      ["GET", `/pacts/${pact.id}/versions`],
      ["GET", `/pacts/${pact.id}/versions/${version.json.id}`],
      ["GET", `/roundtables/${t.roundtableId}/pacts`],
    ] as const) {
      expect((await api(app, outsider.token, method, path)).status, path).toBe(404);
    }
    expect((await api(app, outsider.token, "PUT", section, { markdown: "X" })).status).toBe(404);

    // Observers read the document live too.
    const watching = await join(observer.token, pact.id);
    await until("the observer to see the member's text", () => {
      return sectionToMarkdown(readSection(watching.doc, "premesse")) === "Sì.";
    });
  });

  it("answers bad input with 400 and a message per field, unknown things with 404", async () => {
    const t = await tavolo();
    const pact = await t.pact();
    const create = (body: unknown) =>
      api(app, t.chair.token, "POST", `/roundtables/${t.roundtableId}/pacts`, body);

    const blank = await create({ title: "  ", template: "patto-educativo" });
    expect(blank.status).toBe(400);
    expect(blank.json.error).toEqual({
      code: "invalid",
      message: "Some data is not valid.",
      fields: { title: "Required field." },
    });
    const unknown = await create({ title: "Patto", template: "patto-inventato" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ template: "No template with this code." });
    expect((await create({ title: "Patto", template: "patto-educativo", extra: 1 })).status).toBe(
      400,
    );
    expect((await create("{not json")).status).toBe(400);

    const section = `/pacts/${pact.id}/sections/premesse`;
    const notText = await api(app, t.chair.token, "PUT", section, { markdown: 42 });
    expect(notText.status).toBe(400);
    expect(notText.json.error.fields).toEqual({ markdown: "Required field." });
    const tooLong = await api(app, t.chair.token, "PUT", section, {
      markdown: "a".repeat(200_001),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.fields).toEqual({ markdown: "Text too long." });
    expect(
      (
        await api(app, t.chair.token, "PUT", `/pacts/${pact.id}/sections/inesistente`, {
          markdown: "",
        })
      ).status,
    ).toBe(404);
    // Raw HTML is kept as text, never as markup.
    const html = await api(app, t.chair.token, "PUT", section, {
      markdown: "<script>alert(1)</script> e <b>grassetto</b>",
    });
    expect(html.status).toBe(200);
    expect(html.json.markdown).toContain("script");
    expect(markdownToSection(html.json.markdown)).toEqual(
      markdownToSection("<script>alert(1)</script> e <b>grassetto</b>"),
    );

    const noLabel = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {});
    expect(noLabel.status).toBe(400);
    expect(noLabel.json.error.fields).toEqual({ label: "Required field." });
    const version = await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Uno",
    });

    const missing = await api(
      app,
      t.chair.token,
      "GET",
      `/pacts/${pact.id}/diff?from=${version.json.id}`,
    );
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields).toEqual({ to: "Required field." });
    const stranger = crypto.randomUUID();
    for (const path of [
      `/pacts/${stranger}`,
      `/pacts/not-a-uuid`,
      `/pacts/${pact.id}/versions/${stranger}`,
      `/pacts/${pact.id}/versions/not-a-uuid`,
      `/pacts/${pact.id}/diff?from=${version.json.id}&to=${stranger}`,
      `/pacts/${pact.id}/diff?from=nope&to=${version.json.id}`,
      `/roundtables/${stranger}/pacts`,
    ]) {
      expect((await api(app, t.chair.token, "GET", path)).status, path).toBe(404);
    }
    expect(
      (await api(app, t.chair.token, "POST", `/pacts/${pact.id}/versions/${stranger}/restore`, {}))
        .status,
    ).toBe(404);
    // A version of another pact is not one of this pact's.
    const otherPact = await t.pact("piano-di-zona", "Altro");
    expect(
      (await api(app, t.chair.token, "GET", `/pacts/${otherPact.id}/versions/${version.json.id}`))
        .status,
    ).toBe(404);
    expect((await api(app, null, "GET", `/pacts/${pact.id}`)).status).toBe(401);
  });
});

// Comments on a pact over the API on the real server: threads anchored with Yjs relative positions
// made by an official y-websocket client, seen live in its document, following the text through
// edits around them; replies, mentions, resolve/reopen, deletion, and who may do what.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { pactDocName, sectionFragmentName } from "../../core/pact/extensions";
import {
  COMMENTS_MAP,
  encodeAnchorPosition,
  decodeAnchorPosition,
  readThreads,
} from "../../core/pact/comments";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { pactTavolo } from "../support/pact-api";
import { testDbKind } from "../support/test-db";
import { until, upgradeStatus, wsUrl, yjsClients } from "../support/yjs";

const TEXT = "Il tavolo lavora con le scuole e le famiglie del territorio.";

describe(`pact comments over the API on ${testDbKind()}`, () => {
  let app: TestApp;
  const { join, destroyAll } = yjsClients(() => app);

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    destroyAll();
    await app.close();
  });

  async function fixture() {
    const { chair, roundtableId, person, pact } = await pactTavolo(app);
    const pactId = (await pact()).id;
    const put = await api(app, chair.token, "PUT", `/pacts/${pactId}/sections/premesse`, {
      markdown: TEXT,
    });
    expect(put.status, put.text).toBe(200);
    const member = await person("member", "Marco Membro");
    const client = await join(pactDocName(pactId), member.token);
    return { chair, member, person, roundtableId, pactId, client };
  }

  /** The paragraph's text in the section's fragment, as the editor would hold it. */
  function textOf(doc: Y.Doc, section = "premesse"): Y.XmlText {
    const paragraph = doc.getXmlFragment(sectionFragmentName(section)).get(0) as Y.XmlElement;
    return paragraph.get(0) as Y.XmlText;
  }

  /** Anchors around `word` in the section's text, as the editor makes them. */
  function anchorAround(doc: Y.Doc, word: string, section = "premesse") {
    const text = textOf(doc, section);
    const start = text.toString().indexOf(word);
    expect(start).toBeGreaterThanOrEqual(0);
    return {
      start: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, start, 0)),
      end: encodeAnchorPosition(
        Y.createRelativePositionFromTypeIndex(text, start + word.length, -1),
      ),
    };
  }

  /** What the thread's anchors point at now in the client's document. */
  function anchoredText(doc: Y.Doc, anchor: { start: string; end: string }): string {
    const from = Y.createAbsolutePositionFromRelativePosition(
      decodeAnchorPosition(anchor.start)!,
      doc,
    )!;
    const to = Y.createAbsolutePositionFromRelativePosition(
      decodeAnchorPosition(anchor.end)!,
      doc,
    )!;
    return (from.type as Y.XmlText).toString().slice(from.index, to.index);
  }

  it("opens a thread on a range: everyone with the pact open sees it, and it follows the text through edits", async () => {
    const { member, pactId, client, chair } = await fixture();
    const anchor = anchorAround(client.doc, "le scuole");
    const added = await api(app, member.token, "POST", `/pacts/${pactId}/comments`, {
      section: "premesse",
      anchor,
      quote: "le scuole",
      body: "Quali scuole? Elenchiamole.",
    });
    expect(added.status, added.text).toBe(201);
    expect(added.json).toMatchObject({
      section: "premesse",
      quote: "le scuole",
      body: "Quali scuole? Elenchiamole.",
      author: { id: member.actor.userId, name: "Marco Membro", guest: false },
      resolved: null,
      replies: [],
    });
    await until("the thread in the client's document", () =>
      client.doc.getMap(COMMENTS_MAP).has(added.json.id),
    );

    // Someone types before the range, inside it, and just after its end: the range grows with
    // what is typed inside and keeps out what is typed at its edge.
    const text = textOf(client.doc);
    client.doc.transact(() => {
      text.insert(0, "Da anni ");
      text.insert(text.toString().indexOf("scuole"), "nostre ");
      text.insert(text.toString().indexOf(" e le famiglie"), " medie");
    });
    const [thread] = readThreads(client.doc);
    expect(anchoredText(client.doc, thread!.anchor)).toBe("le nostre scuole");
    await until("the server's copy to hold the edit", async () => {
      const read = await api(app, chair.token, "GET", `/pacts/${pactId}`);
      return read.json.sections[0].markdown.startsWith("Da anni");
    });

    const listed = await api(app, chair.token, "GET", `/pacts/${pactId}/comments`);
    expect(listed.status).toBe(200);
    expect(listed.json.threads.map((t: { id: string }) => t.id)).toEqual([added.json.id]);
    expect(listed.json.can).toEqual({ comment: true, moderate: true });
    expect(JSON.stringify(listed.json)).not.toContain("@");
  });

  it("replies with mentions of members, resolves and reopens; a reply reopens a resolved thread", async () => {
    const { member, pactId, client, person, chair } = await fixture();
    const secretary = await person("secretary", "Sara Segretaria");
    const outsider = await userWithToken(app.services, "Olga Esterna");
    const thread = await api(app, member.token, "POST", `/pacts/${pactId}/comments`, {
      section: "premesse",
      anchor: anchorAround(client.doc, "territorio"),
      quote: "territorio",
      body: "Quale territorio?",
      mentions: [secretary.actor.userId],
    });
    expect(thread.status, thread.text).toBe(201);
    expect(thread.json.mentions).toEqual([secretary.actor.userId]);
    const id: string = thread.json.id;

    const refused = await api(
      app,
      member.token,
      "POST",
      `/pacts/${pactId}/comments/${id}/replies`,
      {
        body: "Chiediamo a Olga",
        mentions: [outsider.actor.userId],
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toEqual({
      mentions: "Only members of the tavolo can be mentioned.",
    });

    const reply = await api(
      app,
      secretary.token,
      "POST",
      `/pacts/${pactId}/comments/${id}/replies`,
      {
        body: "Il distretto di Chieri",
        mentions: [member.actor.userId],
      },
    );
    expect(reply.status, reply.text).toBe(201);
    expect(reply.json.replies).toMatchObject([
      { author: { name: "Sara Segretaria", guest: false }, body: "Il distretto di Chieri" },
    ]);

    const resolved = await api(
      app,
      member.token,
      "POST",
      `/pacts/${pactId}/comments/${id}/resolve`,
      {},
    );
    expect(resolved.status).toBe(200);
    expect(resolved.json.resolved).toMatchObject({ by: { name: "Marco Membro" } });
    await until("the resolution in the client's document", () =>
      readThreads(client.doc).some((t) => t.id === id && t.resolved !== null),
    );
    const reopened = await api(
      app,
      chair.token,
      "POST",
      `/pacts/${pactId}/comments/${id}/reopen`,
      {},
    );
    expect(reopened.json.resolved).toBeNull();

    await api(app, chair.token, "POST", `/pacts/${pactId}/comments/${id}/resolve`, {});
    const again = await api(app, member.token, "POST", `/pacts/${pactId}/comments/${id}/replies`, {
      body: "Manca ancora Cambiano",
    });
    expect(again.json.resolved).toBeNull();
    expect(again.json.replies).toHaveLength(2);
  });

  it("refuses bad anchors, empty bodies and unknown threads with clear errors, and stores nothing", async () => {
    const { member, pactId, client } = await fixture();
    const other = await api(app, member.token, "PUT", `/pacts/${pactId}/sections/finalita`, {
      markdown: "Una comunità che educa.",
    });
    expect(other.status).toBe(200);
    await until(
      "the second section in the client",
      () => client.doc.getXmlFragment(sectionFragmentName("finalita")).length > 0,
    );
    const cases: [string, unknown, string][] = [
      [
        "anchors from another section",
        {
          section: "premesse",
          anchor: anchorAround(client.doc, "comunità", "finalita"),
          body: "x",
        },
        "anchor",
      ],
      [
        "anchors that are not positions",
        { section: "premesse", anchor: { start: "AAAA", end: "AAAA" }, body: "x" },
        "anchor",
      ],
      [
        "a malformed anchor",
        { section: "premesse", anchor: { start: "%%", end: "!" }, body: "x" },
        "anchor.start",
      ],
      [
        "an empty body",
        { section: "premesse", anchor: anchorAround(client.doc, "scuole"), body: "  " },
        "body",
      ],
      [
        "an unknown section",
        { section: "nessuna", anchor: anchorAround(client.doc, "scuole"), body: "x" },
        "section",
      ],
      [
        "a body too long",
        { section: "premesse", anchor: anchorAround(client.doc, "scuole"), body: "a".repeat(2001) },
        "body",
      ],
    ];
    for (const [what, body, field] of cases) {
      const answer = await api(app, member.token, "POST", `/pacts/${pactId}/comments`, body);
      expect(answer.status, what).toBe(400);
      expect(Object.keys(answer.json.error.fields ?? {}), what).toContain(field);
    }
    const missing = await api(
      app,
      member.token,
      "POST",
      `/pacts/${pactId}/comments/00000000-0000-4000-8000-000000000000/replies`,
      { body: "x" },
    );
    expect(missing.status).toBe(404);
    const listed = await api(app, member.token, "GET", `/pacts/${pactId}/comments`);
    expect(listed.json.threads).toEqual([]);
  });

  it("lets members comment, observers read, outsiders see nothing; authors and reviewers delete", async () => {
    const { member, pactId, client, person, chair } = await fixture();
    const observer = await person("observer", "Otto Osservatore");
    const other = await person("member", "Nina Membro");
    const outsider = await userWithToken(app.services, "Olga Esterna");
    const anchor = anchorAround(client.doc, "famiglie");
    const body = { section: "premesse", anchor, quote: "famiglie", body: "Anche i nonni?" };

    expect((await api(app, observer.token, "POST", `/pacts/${pactId}/comments`, body)).status).toBe(
      403,
    );
    expect((await api(app, outsider.token, "POST", `/pacts/${pactId}/comments`, body)).status).toBe(
      404,
    );
    expect((await api(app, outsider.token, "GET", `/pacts/${pactId}/comments`)).status).toBe(404);
    const seen = await api(app, observer.token, "GET", `/pacts/${pactId}/comments`);
    expect(seen.status).toBe(200);
    expect(seen.json.can).toEqual({ comment: false, moderate: false });

    const first = await api(app, member.token, "POST", `/pacts/${pactId}/comments`, body);
    const second = await api(app, member.token, "POST", `/pacts/${pactId}/comments`, body);
    expect(
      (await api(app, other.token, "DELETE", `/pacts/${pactId}/comments/${first.json.id}`)).status,
    ).toBe(403);
    expect(
      (await api(app, member.token, "DELETE", `/pacts/${pactId}/comments/${first.json.id}`)).status,
    ).toBe(200);
    expect(
      (await api(app, chair.token, "DELETE", `/pacts/${pactId}/comments/${second.json.id}`)).status,
    ).toBe(200);
    await until(
      "both threads gone from the client's document",
      () => client.doc.getMap(COMMENTS_MAP).size === 0,
    );

    expect(
      (await api(app, member.token, "PUT", `/pacts/${pactId}/guest-comments`, { allowed: true }))
        .status,
    ).toBe(403);
    const allowed = await api(app, chair.token, "PUT", `/pacts/${pactId}/guest-comments`, {
      allowed: true,
    });
    expect(allowed.json).toEqual({ allowed: true });
    expect(
      (await api(app, chair.token, "GET", `/pacts/${pactId}/comments`)).json.guestComments,
    ).toBe(true);
  });

  it("lets a meeting's guest read the pact and comment only while it is open to them, never write it", async () => {
    const { chair, roundtableId, pactId, client } = await fixture();
    const meeting = await api(app, chair.token, "POST", `/roundtables/${roundtableId}/meetings`, {
      title: "Ascolto",
      kind: "listening",
      startsAt: "2026-12-02T17:30",
      agenda: [],
    });
    expect(meeting.status, meeting.text).toBe(201);
    const invite = await api(app, chair.token, "POST", `/meetings/${meeting.json.id}/invites`, {});
    expect(invite.status, invite.text).toBe(201);
    const token: string = invite.json.token;
    const deviceKey = "dispositivo-di-giulia-0001";
    const url = `${wsUrl(app)}/yjs/${pactDocName(pactId)}?token=${token}&guestKey=${deviceKey}`;
    const guest = { guest: { token, deviceKey, name: "Giulia" } };
    const comment = {
      section: "premesse",
      anchor: anchorAround(client.doc, "famiglie"),
      quote: "famiglie",
      body: "Anche i nonni",
    };

    // Closed: no document, no comments, as if the pact did not exist.
    expect(await upgradeStatus(url)).toBe(403);
    await expect(app.services.pactComments.add(guest, pactId, comment)).rejects.toMatchObject({
      code: "not_found",
    });

    await api(app, chair.token, "PUT", `/pacts/${pactId}/guest-comments`, { allowed: true });
    const reader = await join(pactDocName(pactId), token, new Y.Doc(), { guestKey: deviceKey });
    expect(textOf(reader.doc).toString()).toBe(TEXT);
    const thread = await app.services.pactComments.add(guest, pactId, comment);
    expect(thread.author).toEqual({ id: null, name: "Giulia", guest: true });
    await until("the guest's comment in the guest's own copy", () =>
      reader.doc.getMap(COMMENTS_MAP).has(thread.id),
    );
    // What the guest writes into the document is refused: the members' copy never sees it.
    textOf(reader.doc).insert(0, "Scritto da fuori. ");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(textOf(client.doc).toString()).toBe(TEXT);
    // Guests neither resolve nor delete.
    await expect(
      app.services.pactComments.setResolved(guest, pactId, thread.id, true),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(app.services.pactComments.remove(guest, pactId, thread.id)).rejects.toMatchObject({
      code: "forbidden",
    });

    // Closed again: the next connection is refused.
    await api(app, chair.token, "PUT", `/pacts/${pactId}/guest-comments`, { allowed: false });
    await expect(app.services.pactComments.add(guest, pactId, comment)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

// Signatures on the real server (issue 7): who signs for each organisation, simple electronic
// signatures on an agreed version (one per organisation, never changed), a changed text making a
// new version nobody has signed, and digitally signed files (PAdES, CAdES) kept with their SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { MemberRole } from "../../core/domain";
import { MAX_SIGNED_FILE_BYTES } from "../../core/pact/signed-file";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { agreeVersion } from "../support/agreement";
import { pactTavolo } from "../support/pact-api";
import { testDbKind } from "../support/test-db";

/** A minimal PDF with one page and a signature dictionary (enough to be told apart as PAdES). */
const SIGNED_PDF = `%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >> endobj
4 0 obj << /FT /Sig /T (Firma) /V 6 0 R >> endobj
5 0 obj << /Length 0 >> stream
endstream endobj
6 0 obj << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> >> endobj
trailer << /Root 1 0 R >>
%%EOF
`;

/** The same PDF without its signature: pages have /Contents too, but no /ByteRange. */
const PLAIN_PDF = `%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
4 0 obj << /Length 0 >> stream
endstream endobj
trailer << /Root 1 0 R >>
%%EOF
`;

/** A CMS ContentInfo of type signedData as a .p7m starts: SEQUENCE (2-byte length), the OID. */
function cadesEnvelope(): Uint8Array {
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  const content = [...oid, 0xa0, 0x82, 0x01, 0x00, ...randomBytes(256)];
  return new Uint8Array([0x30, 0x82, content.length >> 8, content.length & 0xff, ...content]);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const bytesOf = (text: string) => new TextEncoder().encode(text);

interface Signature {
  id: string;
  organizationId: string | null;
  organization: string;
  person: string;
  role: "signatory" | "adherent";
  signedAt: string;
  hash: string;
  versionId: string;
  versionNumber: number;
  latest: boolean;
}

describe(`signatures on an agreed pact version on ${testDbKind()}`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  /**
   * A tavolo with three organisations, a pact with text and a first version; `member` adds
   * someone to an organisation in a role, `signer` adds a member named to sign for it.
   */
  async function signingTavolo() {
    const tavolo = await pactTavolo(app);
    const { chair, roundtableId } = tavolo;
    const organization = async (name: string, kind: string) => {
      const made = await api(
        app,
        chair.token,
        "POST",
        `/roundtables/${roundtableId}/organizations`,
        {
          name,
          kind,
        },
      );
      expect(made.status, made.text).toBe(201);
      return made.json as { id: string; name: string };
    };
    const comune = await organization("Comune di Chieri", "municipality");
    const scuola = await organization("IC Chieri I", "school");
    const aps = await organization("APS Genitori in rete", "parents_association");
    const pact = await tavolo.pact();
    const text = await api(app, chair.token, "PUT", `/pacts/${pact.id}/sections/premesse`, {
      markdown: "Le parti si impegnano a collaborare.",
    });
    expect(text.status, text.text).toBe(200);
    const version = await makeVersion(chair.token, pact.id, "Testo per la firma");
    const member = async (
      organizationId: string | null,
      name: string,
      role: MemberRole = "member",
    ) => {
      const user = await userWithToken(app.services, name);
      await app.db
        .insertInto("roundtable_members")
        .values({
          roundtable_id: roundtableId,
          user_id: user.actor.userId,
          organization_id: organizationId,
          role,
        })
        .execute();
      return user;
    };
    return {
      ...tavolo,
      pactId: pact.id,
      version,
      comune,
      scuola,
      aps,
      member,
      /** A member of the organisation whom the chair names to sign for it. */
      async signer(organizationId: string, person: string) {
        const user = await member(organizationId, person);
        const named = await name(chair.token, organizationId, [user.actor.userId]);
        expect(named.status, named.text).toBe(200);
        return user;
      },
    };
  }

  async function makeVersion(token: string, pactId: string, label: string) {
    const made = await api(app, token, "POST", `/pacts/${pactId}/versions`, { label });
    expect(made.status, made.text).toBe(201);
    return made.json as { id: string; number: number; hash: string };
  }

  async function name(token: string, organizationId: string, userIds: string[]) {
    return api(app, token, "PUT", `/organizations/${organizationId}/signers`, { userIds });
  }

  async function sign(
    token: string,
    pactId: string,
    versionId: string,
    organizationId: string,
    role: "signatory" | "adherent" = "signatory",
  ) {
    return api(app, token, "POST", `/pacts/${pactId}/versions/${versionId}/signatures`, {
      organizationId,
      role,
    });
  }

  async function upload(
    token: string,
    path: string,
    bytes: Uint8Array,
    contentType = "application/pdf",
  ) {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": contentType },
      body: Buffer.from(bytes),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : null };
  }

  describe("who signs for each organisation", () => {
    it("names signers among an organisation's members and refuses anyone else", async () => {
      const t = await signingTavolo();
      const sindaca = await t.member(t.comune.id, "Sara Sindaca");
      const preside = await t.member(t.scuola.id, "Paolo Preside");
      const osservatore = await t.member(t.comune.id, "Oscar Osservatore", "observer");
      const outsider = await userWithToken(app.services, "Esterno Estraneo");

      const named = await name(t.chair.token, t.comune.id, [sindaca.actor.userId]);
      expect(named.status, named.text).toBe(200);
      expect(named.json).toEqual({
        organizationId: t.comune.id,
        signers: [{ userId: sindaca.actor.userId, name: "Sara Sindaca", email: sindaca.email }],
      });

      for (const who of [preside, osservatore, outsider]) {
        const refused = await name(t.chair.token, t.comune.id, [who.actor.userId]);
        expect(refused.status, refused.text).toBe(400);
        expect(Object.keys(refused.json.error.fields)).toEqual(["userIds"]);
      }
      // The refused changes left the list as it was.
      const listed = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signers`);
      expect(listed.status, listed.text).toBe(200);
      const comune = listed.json.organizations.find((o: { id: string }) => o.id === t.comune.id);
      expect(comune.signers).toEqual([
        { userId: sindaca.actor.userId, name: "Sara Sindaca", email: sindaca.email },
      ]);
      expect(comune.members.map((m: { name: string }) => m.name)).toEqual(["Sara Sindaca"]);
      expect(listed.json.mayManage).toBe(true);
    });

    it("lets facilitators and the secretary name signers, not members", async () => {
      const t = await signingTavolo();
      const secretary = await t.member(null, "Serena Segretaria", "secretary");
      const preside = await t.member(t.scuola.id, "Paolo Preside");
      const docente = await t.member(t.scuola.id, "Daria Docente");

      expect((await name(secretary.token, t.scuola.id, [preside.actor.userId])).status).toBe(200);
      const refused = await name(docente.token, t.scuola.id, [docente.actor.userId]);
      expect(refused.status, refused.text).toBe(403);

      // Removing is naming a shorter list.
      const removed = await name(t.chair.token, t.scuola.id, []);
      expect(removed.json.signers).toEqual([]);
    });

    it("shows a member who signs for their organisation, by name, and nobody else's", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      const assessore = await t.member(t.comune.id, "Aldo Assessore");
      await t.signer(t.scuola.id, "Paolo Preside");

      const seen = await api(app, assessore.token, "GET", `/pacts/${t.pactId}/signers`);
      expect(seen.status, seen.text).toBe(200);
      expect(seen.json.mayManage).toBe(false);
      expect(JSON.stringify(seen.json)).not.toContain("@");
      const byId = new Map(
        seen.json.organizations.map((o: { id: string; signers: unknown }) => [o.id, o.signers]),
      );
      expect(byId.get(t.comune.id)).toEqual([
        { userId: sindaca.actor.userId, name: "Sara Sindaca" },
      ]);
      expect(byId.get(t.scuola.id)).toBeNull();
      expect(byId.get(t.aps.id)).toBeNull();
    });
  });

  describe("signing", () => {
    it("refuses a signature on a version that is not agreed", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      const refused = await sign(sindaca.token, t.pactId, t.version.id, t.comune.id);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json.error.message).toMatch(/agreed/i);
    });

    it("records two signatories and an adherent with person, organisation, role, time and hash", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      const preside = await t.signer(t.scuola.id, "Paolo Preside");
      const presidente = await t.signer(t.aps.id, "Piera Presidente");
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);

      const first = await sign(sindaca.token, t.pactId, t.version.id, t.comune.id);
      expect(first.status, first.text).toBe(201);
      expect(first.json).toMatchObject({
        organizationId: t.comune.id,
        organization: "Comune di Chieri",
        person: "Sara Sindaca",
        role: "signatory",
        hash: t.version.hash,
        versionId: t.version.id,
        versionNumber: 1,
        latest: true,
      });
      expect(
        (await sign(preside.token, t.pactId, t.version.id, t.scuola.id, "signatory")).status,
      ).toBe(201);
      expect(
        (await sign(presidente.token, t.pactId, t.version.id, t.aps.id, "adherent")).status,
      ).toBe(201);

      const listed = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signatures`);
      expect(listed.status, listed.text).toBe(200);
      expect(listed.json.version).toMatchObject({
        id: t.version.id,
        number: 1,
        hash: t.version.hash,
        latest: true,
      });
      expect(listed.json.version.agreedAt).toEqual(expect.any(String));
      const signatures = listed.json.signatures as Signature[];
      expect(
        signatures.map((s) => [s.organization, s.person, s.role, s.hash, s.versionNumber]),
      ).toEqual([
        ["Comune di Chieri", "Sara Sindaca", "signatory", t.version.hash, 1],
        ["IC Chieri I", "Paolo Preside", "signatory", t.version.hash, 1],
        ["APS Genitori in rete", "Piera Presidente", "adherent", t.version.hash, 1],
      ]);
      for (const s of signatures) expect(Number.isNaN(Date.parse(s.signedAt))).toBe(false);
      // Anyone who reads the pact sees the signatures.
      const observer = await t.member(null, "Olga Osservatrice", "observer");
      expect((await api(app, observer.token, "GET", `/pacts/${t.pactId}/signatures`)).json).toEqual(
        listed.json,
      );
    });

    it("refuses a second signature for the same organisation, saying who signed", async () => {
      const t = await signingTavolo();
      const sindaca = await t.member(t.comune.id, "Sara Sindaca");
      const vice = await t.member(t.comune.id, "Vito Vicesindaco");
      await name(t.chair.token, t.comune.id, [sindaca.actor.userId, vice.actor.userId]);
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);
      expect((await sign(sindaca.token, t.pactId, t.version.id, t.comune.id)).status).toBe(201);

      for (const who of [vice, sindaca]) {
        const again = await sign(who.token, t.pactId, t.version.id, t.comune.id, "adherent");
        expect(again.status, again.text).toBe(409);
        expect(again.json.error.message).toContain("Sara Sindaca");
        expect(again.json.error.message).toContain("Comune di Chieri");
      }
      const listed = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signatures`);
      expect(listed.json.signatures).toHaveLength(1);
    });

    it("refuses anyone who is not a named signer of that organisation", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      const assessore = await t.member(t.comune.id, "Aldo Assessore");
      const preside = await t.signer(t.scuola.id, "Paolo Preside");
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);

      for (const [who, organizationId] of [
        [assessore, t.comune.id],
        [preside, t.comune.id],
        [t.chair, t.comune.id],
      ] as const) {
        const refused = await sign(who.token, t.pactId, t.version.id, organizationId);
        expect(refused.status, refused.text).toBe(403);
      }
      // Someone named who then leaves the tavolo signs no more.
      await app.services.roundtables.removeMember(
        t.chair.actor,
        t.roundtableId,
        sindaca.actor.userId,
      );
      expect((await sign(sindaca.token, t.pactId, t.version.id, t.comune.id)).status).toBe(404);
      const unknown = await sign(
        preside.token,
        t.pactId,
        t.version.id,
        "9b2d4f0e-8f3a-4c1e-9a7b-0c5d6e7f8a9b",
      );
      expect(unknown.status, unknown.text).toBe(400);
      // Someone named who becomes an observer signs no more, and is no longer listed.
      await app.services.roundtables.changeRole(
        t.chair.actor,
        t.roundtableId,
        preside.actor.userId,
        "observer",
      );
      expect((await sign(preside.token, t.pactId, t.version.id, t.scuola.id)).status).toBe(403);
      const listed = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signers`);
      const scuola = listed.json.organizations.find((o: { id: string }) => o.id === t.scuola.id);
      expect(scuola.signers).toEqual([]);
    });

    it("makes a new version nobody has signed when the text changes, and still lets the older one be signed", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      const preside = await t.signer(t.scuola.id, "Paolo Preside");
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);
      expect((await sign(sindaca.token, t.pactId, t.version.id, t.comune.id)).status).toBe(201);

      await api(app, t.chair.token, "PUT", `/pacts/${t.pactId}/sections/premesse`, {
        markdown: "Le parti si impegnano a collaborare ogni mese.",
      });
      const second = await makeVersion(t.chair.token, t.pactId, "Testo rivisto");
      expect(second.hash).not.toBe(t.version.hash);

      // Not agreed yet: the agreed version is still the first, and the list says a newer exists.
      const before = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signatures`);
      expect(before.json.version.number).toBe(1);
      expect(before.json.newestVersionNumber).toBe(2);
      expect(before.json.signatures).toHaveLength(1);

      await agreeVersion(app.services, t.chair.actor, t.pactId, second.id);
      const after = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signatures`);
      expect(after.json.version).toMatchObject({ id: second.id, number: 2, latest: true });
      expect(after.json.signatures).toEqual([]);

      // The older agreed version may still be signed; the signature says it is not the latest.
      const older = await sign(preside.token, t.pactId, t.version.id, t.scuola.id);
      expect(older.status, older.text).toBe(201);
      expect(older.json).toMatchObject({ versionNumber: 1, hash: t.version.hash, latest: false });
      const first = await api(
        app,
        t.chair.token,
        "GET",
        `/pacts/${t.pactId}/signatures?version=${t.version.id}`,
      );
      expect(first.json.version).toMatchObject({ number: 1, latest: false });
      expect(first.json.signatures.map((s: Signature) => [s.person, s.latest])).toEqual([
        ["Sara Sindaca", false],
        ["Paolo Preside", false],
      ]);
    });

    it("keeps a signature unchangeable, even by SQL", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);
      const signed = await sign(sindaca.token, t.pactId, t.version.id, t.comune.id);
      await expect(
        app.db
          .updateTable("pact_signatures")
          .set({ person_name: "Qualcun altro" } as never)
          .where("id", "=", signed.json.id)
          .execute(),
      ).rejects.toThrow(/cannot change/);
      await expect(
        sql`update pact_signatures set role = 'adherent' where id = ${signed.json.id}`.execute(
          app.db,
        ),
      ).rejects.toThrow(/cannot change/);
      const row = await app.db
        .selectFrom("pact_signatures")
        .select(["person_name", "role"])
        .where("id", "=", signed.json.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ person_name: "Sara Sindaca", role: "signatory" });
    });

    it("refuses to sign a version whose text no longer matches its hash", async () => {
      const t = await signingTavolo();
      const sindaca = await t.signer(t.comune.id, "Sara Sindaca");
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);
      await sql`update pact_versions set sections = ${JSON.stringify([
        { key: "premesse", title: "Premesse", markdown: "Un altro testo." },
      ])}::jsonb where id = ${t.version.id}`.execute(app.db);
      const refused = await sign(sindaca.token, t.pactId, t.version.id, t.comune.id);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json.error.message).toMatch(/altered/i);
    });
  });

  describe("digitally signed files", () => {
    async function agreedTavolo() {
      const t = await signingTavolo();
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);
      const path = (organizationId: string, name: string) =>
        `/pacts/${t.pactId}/versions/${t.version.id}/signed-files?organizationId=${organizationId}&name=${encodeURIComponent(name)}`;
      return { ...t, path };
    }

    it("keeps a PAdES PDF with its SHA-256 and gives back the same bytes", async () => {
      const t = await agreedTavolo();
      const pdf = bytesOf(SIGNED_PDF);
      const attached = await upload(
        t.chair.token,
        t.path(t.comune.id, "Patto firmato – Comune.pdf"),
        pdf,
      );
      expect(attached.status, attached.text).toBe(201);
      expect(attached.json).toMatchObject({
        pactId: t.pactId,
        versionId: t.version.id,
        versionNumber: 1,
        organizationId: t.comune.id,
        organization: "Comune di Chieri",
        kind: "pades",
        fileName: "Patto firmato – Comune.pdf",
        contentType: "application/pdf",
        size: pdf.byteLength,
        sha256: sha256(pdf),
        uploadedBy: "Chiara Facilitatrice",
      });

      const listed = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signed-files`);
      expect(listed.status, listed.text).toBe(200);
      expect(listed.json.files).toEqual([attached.json]);

      const member = await t.member(t.scuola.id, "Paolo Preside");
      const download = await fetch(`${app.url}/api/v1/signed-files/${attached.json.id}`, {
        headers: { authorization: `Bearer ${member.token}` },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("application/pdf");
      expect(download.headers.get("x-content-sha256")).toBe(sha256(pdf));
      expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
      expect(download.headers.get("content-disposition")).toContain(
        encodeURIComponent("Patto firmato – Comune.pdf"),
      );
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    });

    it("refuses a PDF without a signature and a file of any other kind", async () => {
      const t = await agreedTavolo();
      const plain = await upload(
        t.chair.token,
        t.path(t.comune.id, "patto.pdf"),
        bytesOf(PLAIN_PDF),
      );
      expect(plain.status, plain.text).toBe(400);
      expect(plain.json.error.message).toMatch(/signature/i);
      const random = await upload(
        t.chair.token,
        t.path(t.comune.id, "patto.p7m"),
        new Uint8Array(randomBytes(2048)).map((b, i) => (i === 0 ? 0x42 : b)),
        "application/pkcs7-mime",
      );
      expect(random.status, random.text).toBe(400);
      const text = await upload(
        t.chair.token,
        t.path(t.comune.id, "note.txt"),
        bytesOf("Non è una firma."),
        "application/octet-stream",
      );
      expect(text.status, text.text).toBe(400);
      const listed = await api(app, t.chair.token, "GET", `/pacts/${t.pactId}/signed-files`);
      expect(listed.json.files).toEqual([]);
    });

    it("tells a CAdES envelope from its bytes and names it .p7m", async () => {
      const t = await agreedTavolo();
      const envelope = cadesEnvelope();
      const attached = await upload(
        t.chair.token,
        t.path(t.aps.id, "../../adesione APS"),
        envelope,
        "application/octet-stream",
      );
      expect(attached.status, attached.text).toBe(201);
      expect(attached.json).toMatchObject({
        kind: "cades",
        contentType: "application/pkcs7-mime",
        fileName: "adesione APS.p7m",
        sha256: sha256(envelope),
        size: envelope.byteLength,
      });
      const download = await fetch(`${app.url}/api/v1/signed-files/${attached.json.id}`, {
        headers: { authorization: `Bearer ${t.chair.token}` },
      });
      expect(download.headers.get("content-type")).toBe("application/pkcs7-mime");
      expect(download.headers.get("x-content-sha256")).toBe(sha256(envelope));
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(envelope);
    });

    it("takes files only from facilitators and the secretary, for an agreed version", async () => {
      const t = await signingTavolo();
      const member = await t.member(t.comune.id, "Sara Sindaca");
      const path = `/pacts/${t.pactId}/versions/${t.version.id}/signed-files?organizationId=${t.comune.id}&name=p.pdf`;
      const notAgreed = await upload(t.chair.token, path, bytesOf(SIGNED_PDF));
      expect(notAgreed.status, notAgreed.text).toBe(409);
      await agreeVersion(app.services, t.chair.actor, t.pactId, t.version.id);
      const byMember = await upload(member.token, path, bytesOf(SIGNED_PDF));
      expect(byMember.status, byMember.text).toBe(403);
      const secretary = await t.member(null, "Serena Segretaria", "secretary");
      expect((await upload(secretary.token, path, bytesOf(SIGNED_PDF))).status).toBe(201);
      const noOrganization = await upload(
        secretary.token,
        `/pacts/${t.pactId}/versions/${t.version.id}/signed-files`,
        bytesOf(SIGNED_PDF),
      );
      expect(noOrganization.status, noOrganization.text).toBe(400);
      expect(Object.keys(noOrganization.json.error.fields)).toEqual(["organizationId"]);
    });

    it("refuses a file larger than 20 MB before reading it", async () => {
      const t = await agreedTavolo();
      const tooLarge = await upload(
        t.chair.token,
        t.path(t.comune.id, "grande.pdf"),
        new Uint8Array(MAX_SIGNED_FILE_BYTES + 1),
      );
      expect(tooLarge.status).toBe(413);
    });

    it("refuses to send back a file whose bytes no longer match their checksum", async () => {
      const t = await agreedTavolo();
      const attached = await upload(
        t.chair.token,
        t.path(t.comune.id, "p.pdf"),
        bytesOf(SIGNED_PDF),
      );
      await sql`update pact_signed_files set data = ${bytesOf(SIGNED_PDF.replace("Firma", "Falso"))} where id = ${attached.json.id}`.execute(
        app.db,
      );
      const download = await api(app, t.chair.token, "GET", `/signed-files/${attached.json.id}`);
      expect(download.status, download.text).toBe(409);
    });
  });
});

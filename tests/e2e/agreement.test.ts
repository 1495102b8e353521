// The secretary's day end to end in Chromium (issue 7): three organisations vote on a version and
// the motion passes, two organisations sign and one adheres, the secretary downloads the PDF and
// publishes the agreed version, and a browser that never logged in reads the public page, with
// its signatories and no one's email. Axe on every page on the way.
import type { Download, Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  visit,
  waitForHydration,
} from "../support/browser";
import { PASSWORD, expectPage, signIn, uniqueEmail } from "../support/flows";
import { pdfText, withoutSpace } from "../support/pdf-text";

const PACT = "Patto educativo di Chieri";
const PREMESSE = "Le parti si impegnano a sostenere le famiglie nel percorso scolastico dei figli.";
const ORGANIZATIONS = [
  { name: "Comune di Chieri", kind: "municipality", person: "Anna Comune" },
  { name: "Istituto comprensivo Chieri I", kind: "school", person: "Bruno Scuola" },
  { name: "Associazione Genitori", kind: "parents_association", person: "Carla Genitori" },
] as const;

/** The text of a PDF the browser downloaded, all pages. */
async function downloadedPdf(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return (await pdfText(new Uint8Array(Buffer.concat(chunks)))).pages.join(" ");
}

describeInBrowser("agreement and hand-off", () => {
  const env = serverAndBrowser();

  /** A tavolo with a secretary and one representative (and named signer) for each organisation. */
  async function tavolo() {
    const { accounts, roundtables, pacts, signatures } = env.app.services;
    const secretaryEmail = uniqueEmail("segreteria");
    const secretary = await accounts.createUser({
      email: secretaryEmail,
      name: "Sara Segreteria",
      password: PASSWORD,
    });
    const chair = await accounts.createUser({
      email: uniqueEmail("facilitatrice"),
      name: "Franca Rossi",
      password: PASSWORD,
    });
    const roundtable = await roundtables.create(chair, {
      name: "Tavolo educativo di Chieri",
      territory: "Ambito di Chieri",
    });
    const invite = await roundtables.createInvite(chair, roundtable.id, { role: "secretary" });
    await roundtables.acceptInvite(secretary, invite.token);
    const people = [];
    for (const org of ORGANIZATIONS) {
      const organization = await roundtables.createOrganization(chair, roundtable.id, {
        name: org.name,
        kind: org.kind,
      });
      const email = uniqueEmail("ente");
      const person = await accounts.createUser({ email, name: org.person, password: PASSWORD });
      const { token } = await roundtables.createInvite(chair, roundtable.id, {
        role: "member",
        organizationId: organization.id,
      });
      await roundtables.acceptInvite(person, token);
      await signatures.nameSigner(secretary, organization.id, person.userId);
      people.push({ ...org, email, organizationId: organization.id });
    }
    const pact = await pacts.create(chair, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await pacts.putSection(chair, pact.id, "premesse", { markdown: PREMESSE });
    const version = await pacts.createVersion(secretary, pact.id, { label: "Testo per la firma" });
    return { secretaryEmail, people, pact, version };
  }

  async function signedIn(email: string): Promise<Page> {
    const page = await env.browser.newPage();
    await signIn(page, email);
    return page;
  }

  it("passes a motion with three organisations, takes two signatures and one adhesion, exports and publishes for a logged-out reader", async () => {
    const { secretaryEmail, people, pact, version } = await tavolo();

    // The secretary opens the vote: one vote per organisation.
    const secretary = await signedIn(secretaryEmail);
    await visit(secretary, `/pacts/${pact.id}/motions`);
    await expectPage(secretary, `Votazioni su «${PACT}»`);
    await waitForHydration(secretary);
    await secretary.getByLabel("Titolo").fill("Approvazione del patto");
    await secretary.getByLabel("Chi vota").selectOption({ label: "Un voto per ente" });
    await secretary.getByRole("button", { name: "Apri la votazione" }).click();
    await secretary.getByRole("status").filter({ hasText: "Votazione aperta." }).waitFor();
    const motion = secretary.getByRole("article", { name: "Approvazione del patto" });
    await motion.getByText("Hanno votato 0 su 3 aventi diritto.").waitFor();

    // Each organisation's representative votes yes on their own page.
    for (const [i, person] of people.entries()) {
      const page = await signedIn(person.email);
      await visit(page, `/pacts/${pact.id}/motions`);
      await waitForHydration(page);
      const ballot = page.getByRole("article", { name: "Approvazione del patto" });
      await ballot.getByRole("group", { name: "Come voti?" }).getByLabel("Sì").check();
      await ballot.getByRole("button", { name: "Vota" }).click();
      await page.getByRole("status").filter({ hasText: "Voto registrato." }).waitFor();
      if (i === 0) await expectAccessible(page);
      await page.close();
      // The secretary's page follows each ballot live.
      await motion.getByText(`Hanno votato ${i + 1} su 3 aventi diritto.`).waitFor();
    }
    secretary.once("dialog", (dialog) => void dialog.accept());
    await motion.getByRole("button", { name: "Chiudi la votazione" }).click();
    await secretary
      .getByRole("status")
      .filter({ hasText: "Votazione chiusa: Approvata." })
      .waitFor();
    await motion.getByText(/^Approvata: 3 sì, 0 no, 0 astenuti/).waitFor();
    await expectAccessible(secretary);

    // Two organisations sign, the third adheres, each confirming the hash it signs.
    for (const [i, person] of people.entries()) {
      const adheres = i === 2;
      const page = await signedIn(person.email);
      await visit(page, `/pacts/${pact.id}/signatures`);
      await expectPage(page, `Firme di «${PACT}»`);
      await waitForHydration(page);
      const verb = adheres ? "Aderisci" : "Sottoscrivi";
      await page.getByRole("button", { name: `${verb} per ${person.name}` }).click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      await expect.poll(() => dialog.getByText(version.hash).isVisible()).toBe(true);
      await expectAccessible(page);
      await dialog
        .getByRole("button", { name: adheres ? "Confermo e aderisco" : "Confermo e sottoscrivo" })
        .click();
      await page.getByRole("status").filter({ hasText: "Firma registrata" }).waitFor();
      const state = adheres ? "Aderito da" : "Sottoscritto da";
      await page.getByRole("cell", { name: `${state} ${person.person}` }).waitFor();
      if (adheres) await expectAccessible(page);
      await page.close();
    }

    // The secretary downloads the agreed version as PDF: it names the signatories and the hash.
    await visit(secretary, `/pacts/${pact.id}/versions`);
    await waitForHydration(secretary);
    const entry = secretary.getByRole("listitem").filter({ hasText: "Testo per la firma" });
    await entry.getByText(/^Approvata il /).waitFor();
    await entry.getByText("Scarica la versione 1").click();
    const [download] = await Promise.all([
      secretary.waitForEvent("download"),
      entry.getByRole("link", { name: "PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("patto-educativo-di-chieri-v1.pdf");
    const flat = withoutSpace(await downloadedPdf(download));
    for (const expected of [PREMESSE, version.hash, ...people.map((p) => p.person), "Aderente"]) {
      expect(flat, expected).toContain(withoutSpace(expected));
    }

    // Not public until published.
    const publicUrl = `${env.app.url}/public/pacts/${pact.id}`;
    expect((await fetch(publicUrl)).status).toBe(404);

    // Published: the page says so and links to the public page.
    secretary.once("dialog", (dialog) => void dialog.accept());
    await entry.getByRole("button", { name: "Pubblica la versione 1" }).click();
    await secretary.getByRole("status").filter({ hasText: "Versione 1 pubblicata." }).waitFor();
    await expectAccessible(secretary);

    // Someone who never logged in reads it.
    const reader = await env.browser.newPage();
    await visit(reader, `/public/pacts/${pact.id}`);
    await expectPage(reader, PACT);
    await reader.getByText(PREMESSE).waitFor();
    await reader.getByText(version.hash).first().waitFor();
    const signatories = reader.getByRole("table", { name: "Sottoscrittori e aderenti" });
    for (const person of people)
      await signatories.getByRole("cell", { name: person.person }).waitFor();
    await signatories.getByRole("cell", { name: "Aderente" }).waitFor();
    expect(await signatories.getByRole("cell", { name: "Sottoscrittore" }).count()).toBe(2);
    const html = await reader.content();
    expect(html).not.toMatch(/@example\.test|@tavolo\.test/);
    await expectAccessible(reader);
    // Its downloads need no login either.
    const [published] = await Promise.all([
      reader.waitForEvent("download"),
      reader.getByRole("link", { name: "PDF" }).click(),
    ]);
    expect(withoutSpace(await downloadedPdf(published))).toContain(version.hash);

    // Withdrawn: the page is gone.
    secretary.once("dialog", (dialog) => void dialog.accept());
    await entry.getByRole("button", { name: "Ritira la pubblicazione" }).click();
    await secretary.getByRole("status").filter({ hasText: "Pubblicazione ritirata." }).waitFor();
    expect((await fetch(publicUrl)).status).toBe(404);
    // Four people, a dozen pages, every export: CI's two cores took 55 s of the default minute.
  }, 180_000);
});

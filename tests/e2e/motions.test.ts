// The motions page in Chromium: the facilitator opens a motion on a version through the form (an
// error first, beside its field), a member votes on another page, the facilitator's page follows
// live, and closing it shows the result in words and the version agreed.
import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  visit,
  waitForHydration,
} from "../support/browser";
import * as Y from "yjs";
import { createObjective } from "../../core/sensemaking";
import { expectPage, signIn, tavoloWithMember } from "../support/flows";
import { openEditor } from "../support/pact";

const PACT = "Patto educativo di Chieri";

describeInBrowser("motions on a pact", () => {
  const env = serverAndBrowser();

  it("opens a motion, takes a vote live, and closes it into an agreed version", async () => {
    const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo educativo di Chieri",
    );
    const { pacts } = env.app.services;
    const pact = await pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await pacts.createVersion(facilitator, pact.id, { label: "Testo per l'approvazione" });

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await visit(chair, `/pacts/${pact.id}/motions`);
    await expectPage(chair, `Votazioni su «${PACT}»`);
    await waitForHydration(chair);
    await chair.getByText("Aggiornamento in tempo reale attivo.").waitFor();

    // Without a title the form says so beside the field.
    allowHttpErrorStatus(chair, 400);
    await chair.getByRole("button", { name: "Apri la votazione" }).click();
    await chair.getByText("Campo obbligatorio.").waitFor();
    await expectAccessible(chair);

    await chair.getByLabel("Titolo").fill("Approvazione della versione 1");
    await chair.getByLabel("Chi vota").selectOption({ label: "Un voto per persona" });
    await chair.getByRole("button", { name: "Apri la votazione" }).click();
    await chair.getByRole("status").filter({ hasText: "Votazione aperta." }).waitFor();
    const motion = chair.getByRole("article", { name: "Approvazione della versione 1" });
    await motion.getByText("Hanno votato 0 su 2 aventi diritto.").waitFor();
    await expectAccessible(chair);

    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await visit(member, `/pacts/${pact.id}/motions`);
    await waitForHydration(member);
    const ballot = member.getByRole("article", { name: "Approvazione della versione 1" });
    await ballot.getByRole("group", { name: "Come voti?" }).getByLabel("Sì").check();
    await ballot.getByRole("button", { name: "Vota" }).click();
    await member.getByRole("status").filter({ hasText: "Voto registrato." }).waitFor();
    await ballot.getByText("Hai votato: Sì.").waitFor();
    await expectAccessible(member);

    // The facilitator's page heard of the ballot.
    await motion.getByText("Hanno votato 1 su 2 aventi diritto.").waitFor();

    chair.once("dialog", (dialog) => void dialog.accept());
    await motion.getByRole("button", { name: "Chiudi la votazione" }).click();
    await chair.getByRole("status").filter({ hasText: "Votazione chiusa: Approvata." }).waitFor();
    await motion.getByText("Approvata: 1 sì, 0 no, 0 astenuti; nessun quorum richiesto.").waitFor();
    await motion.getByText(/^Versione approvata il /).waitFor();
    await expectAccessible(chair);

    // The member's page follows the close too.
    await ballot.getByText("Approvata: 1 sì, 0 no, 0 astenuti; nessun quorum richiesto.").waitFor();
  });

  it("sends the text as it stands to the vote from the editor once every section is within its limit", async () => {
    const { roundtable, facilitator, facilitatorEmail } = await tavoloWithMember(
      env.app,
      "Tavolo welfare di Suzzara",
    );
    const { pacts } = env.app.services;
    const TITLE = "Proposta migliorativa";
    const EXPERIENCE = "Esperienza pregressa in relazione agli obiettivi progettuali";
    const pact = await pacts.create(facilitator, roundtable.id, {
      title: TITLE,
      template: "proposta-progettuale",
    });
    const experience = (markdown: string) =>
      pacts.putSection(facilitator, pact.id, "esperienza-pregressa", { markdown });
    await experience("Abbiamo lavorato con le scuole. ".repeat(113) + "Fine.");
    await pacts.createVersion(facilitator, pact.id, { label: "Troppo lunga" });

    // Over the limit, the editor's button is disabled and says why.
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openEditor(chair, pact.id, TITLE);
    expect(await chair.getByRole("button", { name: "Invia al voto" }).isDisabled()).toBe(true);
    await chair.getByText(`sezioni oltre il limite: «${EXPERIENCE}»`).waitFor();

    // Shortened (by an import another writer makes), the button becomes the way to the vote.
    await experience("Abbiamo lavorato con le scuole per tre anni.");
    const send = chair.getByRole("link", { name: "Invia al voto" });
    await send.waitFor();
    await chair.getByText("Tutte le sezioni sono entro i limiti.").waitFor();
    await expectAccessible(chair);
    await send.click();
    await chair.waitForURL(`**/pacts/${pact.id}/motions?target=current*`);
    await expectPage(chair, `Votazioni su «${TITLE}»`);
    await waitForHydration(chair);
    const target = chair.getByLabel("Oggetto della votazione");
    expect(await target.inputValue()).toBe("current");
    await expectAccessible(chair);

    // The old version is marked, and refused with the sections at fault.
    allowHttpErrorStatus(chair, 400);
    await chair.getByLabel("Titolo").fill("Approvazione della proposta");
    await target.selectOption({
      label: `Versione 1 · Troppo lunga (oltre il limite: «${EXPERIENCE}»)`,
    });
    await chair.getByRole("button", { name: "Apri la votazione" }).click();
    await chair
      .getByRole("alert")
      .getByText(
        `Non si può mettere ai voti un testo con sezioni oltre il limite: «${EXPERIENCE}». Accorciale e salva una nuova versione.`,
      )
      .waitFor();
    await chair.getByText("Alcune sezioni superano il limite.").waitFor();
    await expectAccessible(chair);

    // The text as it stands goes to the vote as version 2, named after the motion.
    await target.selectOption("current");
    await chair.getByRole("button", { name: "Apri la votazione" }).click();
    await chair.getByRole("status").filter({ hasText: "Votazione aperta." }).waitFor();
    const motion = chair.getByRole("article", { name: "Approvazione della proposta" });
    await motion.getByText("Su: versione 2 · Approvazione della proposta").waitFor();
    await expectAccessible(chair);
    const versions = await pacts.listVersions(facilitator, pact.id);
    expect(versions.map((v) => v.label)).toEqual(["Approvazione della proposta", "Troppo lunga"]);
  });

  it("takes objections and dots through the page's forms", async () => {
    const { roundtable, facilitator, member, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo per i giovani",
    );
    const { pacts, motions, meetings } = env.app.services;
    const pact = await pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    const version = await pacts.createVersion(facilitator, pact.id, { label: "Bozza" });
    const meeting = await meetings.create(facilitator, roundtable.id, {
      title: "Laboratorio",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
    });
    const doc = new Y.Doc();
    createObjective(doc, { id: "obj-spazi", title: "Spazi per i ragazzi", clusterIds: [] });
    createObjective(doc, { id: "obj-sport", title: "Sport per tutti", clusterIds: [] });
    await env.app.projector.rebuild(meeting.id, doc);
    await motions.open(facilitator, pact.id, {
      title: "Consenso sulla bozza",
      target: { versionId: version.id },
      method: "consent",
      votingUnit: "member",
    });
    await motions.open(facilitator, pact.id, {
      title: "Priorità",
      target: { meetingId: meeting.id, objectiveIds: ["obj-spazi", "obj-sport"] },
      method: "dot_vote",
      votingUnit: "member",
      dots: 3,
    });

    const page = await env.browser.newPage();
    await signIn(page, memberEmail);
    await visit(page, `/pacts/${pact.id}/motions`);
    await waitForHydration(page);

    const consent = page.getByRole("article", { name: "Consenso sulla bozza" });
    await consent.getByLabel("La tua obiezione").fill("Manca il calendario degli incontri.");
    await consent.getByRole("button", { name: "Solleva l'obiezione" }).click();
    await page.getByRole("status").filter({ hasText: "Obiezione registrata." }).waitFor();
    await consent.getByText("Manca il calendario degli incontri.").waitFor();
    await consent.getByRole("button", { name: "Ritira l'obiezione" }).click();
    await page.getByRole("status").filter({ hasText: "Obiezione ritirata." }).waitFor();
    await consent.getByText(/^ritirata il /).waitFor();
    await expectAccessible(page);

    const dots = page.getByRole("article", { name: "Priorità" });
    allowHttpErrorStatus(page, 400);
    await dots.getByLabel("Punti per «Spazi per i ragazzi»").fill("3");
    await dots.getByLabel("Punti per «Sport per tutti»").fill("1");
    await dots.getByRole("button", { name: "Vota" }).click();
    await dots.getByText("Hai assegnato più punti di quelli a disposizione.").waitFor();
    await expectAccessible(page);
    await dots.getByLabel("Punti per «Spazi per i ragazzi»").fill("2");
    await dots.getByRole("button", { name: "Vota" }).click();
    await page.getByRole("status").filter({ hasText: "Voto registrato." }).waitFor();
    await dots.getByText("I tuoi punti sono registrati.").waitFor();
    const view = (await motions.list(member, pact.id)).find((m) => m.title === "Priorità");
    expect(view?.me.ballot?.allocation).toEqual({ "obj-spazi": 2, "obj-sport": 1 });
    await expectAccessible(page);
  });
});

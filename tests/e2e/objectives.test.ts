import type { Locator } from "playwright-core";
import { expect, it } from "vitest";
import { addCard, createCluster } from "../../core/board-ops";
import { boardDocName } from "../../core/domain";
import { createObjective } from "../../core/sensemaking";
import type { TestApp } from "../support/app";
import {
  expectAccessible,
  describeInBrowser,
  serverAndBrowser,
  waitForHydration,
} from "../support/browser";
import { expectPage, PASSWORD, signIn, uniqueEmail } from "../support/flows";
import { objectiveSection, openObjectives } from "../support/sensemaking";
import { connectClient, until, wsUrl } from "../support/yjs";
import type { Actor } from "../../server/services";

const MEETING = "Laboratorio giovani e famiglie";
const ROUNDTABLE = "Tavolo educativo di Chieri";
const OBJECTIVE_1 = "Spazi per studiare e stare insieme";
const OBJECTIVE_2 = "Alleanza tra scuola e famiglie";
const UNCLUSTERED = "Trasporti serali per le frazioni";
const MOTION_ID = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

/** A tavolo with two organisations, a facilitator, a member and an observer, and a live meeting. */
async function tavoloWithMeeting(app: TestApp) {
  const { services } = app;
  const person = async (label: string, name: string) => {
    const email = uniqueEmail(label);
    const actor = await services.accounts.createUser({ email, name, password: PASSWORD });
    return { email, actor };
  };
  const chair = await person("facilitatrice", "Franca Rossi");
  const member = await person("membro", "Marco Bianchi");
  const observer = await person("osservatrice", "Olga Verdi");
  const roundtable = await services.roundtables.create(chair.actor, {
    name: ROUNDTABLE,
    territory: "Ambito di Chieri",
  });
  for (const [who, role] of [
    [member, "member"],
    [observer, "observer"],
  ] as const) {
    const { token } = await services.roundtables.createInvite(chair.actor, roundtable.id, { role });
    await services.roundtables.acceptInvite(who.actor, token);
  }
  await services.roundtables.createOrganization(chair.actor, roundtable.id, {
    name: "Comune di Chieri",
    kind: "municipality",
  });
  await services.roundtables.createOrganization(chair.actor, roundtable.id, {
    name: "Cooperativa Il Ponte",
    kind: "third_sector",
  });
  const meeting = await services.meetings.create(chair.actor, roundtable.id, {
    title: MEETING,
    kind: "workshop",
    startsAt: "2026-12-01T18:00",
  });
  await services.live.run(chair.actor, meeting.id, { type: "meeting.start" });
  return { roundtable, meeting, chair, member, observer };
}

/**
 * The board a listening session left, written by a y-websocket client as the board would: two
 * clusters promoted to objectives (through core/sensemaking), and one card in no cluster.
 */
async function seedBoard(app: TestApp, chairEmail: string, chairActor: Actor, meetingId: string) {
  const token = await app.services.accounts.createApiToken(chairEmail);
  const client = await connectClient(wsUrl(app), boardDocName(meetingId), token);
  const { doc } = client;
  createCluster(doc, { id: "k-spazi", label: "Spazi per i giovani", position: { x: 0, y: 0 } });
  createCluster(doc, { id: "k-scuola", label: "Scuola e famiglie", position: { x: 500, y: 0 } });
  const cards = [
    ["c1", "Più spazi per i ragazzi la sera", "Anna R.", "family", "k-spazi", false],
    ["c2", "Un posto dove studiare insieme", "", "family", "k-spazi", false],
    ["c3", "Aule aperte il pomeriggio", "Prof. Neri", "school", "k-spazi", true],
    ["c4", "Incontri tra insegnanti e genitori", "", "school", "k-scuola", false],
    [
      "c5",
      "Sportello di ascolto per le famiglie",
      "Servizi Chieri",
      "social_services",
      "k-scuola",
      false,
    ],
    ["c6", UNCLUSTERED, "", "family", null, false],
  ] as const;
  for (const [id, text, authorLabel, group, clusterId, inPerson] of cards) {
    addCard(doc, { id, text, authorLabel, group, clusterId, inPerson, position: { x: 0, y: 600 } });
  }
  createObjective(doc, { id: "o-spazi", title: OBJECTIVE_1, clusterIds: ["k-spazi"] });
  createObjective(doc, { id: "o-scuola", title: OBJECTIVE_2, clusterIds: ["k-scuola"] });
  // The server has stored and projected it all before the pages ask for it.
  await until("the board to be projected", async () => {
    const view = await app.services.objectives.list(chairActor, meetingId, "it");
    return view.objectives.length === 2 && view.unheardCardIds.length === 1;
  });
  return client;
}

async function valueOf(field: Locator): Promise<string> {
  return field.inputValue();
}

describeInBrowser("the objectives of a meeting", () => {
  const env = serverAndBrowser();

  it("are co-edited live with their actions, traced back to their cards and voices, and the unheard cards listed", async () => {
    const { roundtable, meeting, chair, member, observer } = await tavoloWithMeeting(env.app);
    const seeding = await seedBoard(env.app, chair.email, chair.actor, meeting.id);
    try {
      // A dot vote on the objectives, still open when the pages load.
      await env.app.services.live.run(chair.actor, meeting.id, {
        type: "motion.open",
        motionId: MOTION_ID,
        kind: "dot_vote",
        dotVote: { target: "objectives", dots: 4, maxPerItem: 3, anonymous: true },
      });
      await env.app.services.dotVotes.cast(member.actor, meeting.id, MOTION_ID, {
        "o-spazi": 1,
        "o-scuola": 3,
      });

      // The facilitator reaches the objectives from the meeting's page.
      const chairPage = await env.browser.newPage();
      await signIn(chairPage, chair.email);
      await chairPage.goto(`/meetings/${meeting.id}`);
      await expectPage(chairPage, MEETING);
      await chairPage.getByRole("link", { name: "Obiettivi e azioni" }).click();
      await expectPage(chairPage, `Obiettivi e azioni: ${MEETING}`);
      await waitForHydration(chairPage);
      await chairPage.locator('.objectives[data-ready="true"]').waitFor();
      const first = objectiveSection(chairPage, 1, OBJECTIVE_1);
      await first.waitFor();
      await objectiveSection(chairPage, 2, OBJECTIVE_2).waitFor();

      // The trace: voices by group, then the clusters and their cards once expanded.
      await first.getByText("Voci: 3 · raggruppamenti: 1").waitFor();
      const voices = first.getByRole("list", { name: "Voci per gruppo" });
      expect(await voices.getByRole("listitem").allTextContents()).toEqual([
        "Famiglie: 2",
        "Scuola: 1",
      ]);
      await first.getByText("Mostra raggruppamenti e schede").click();
      const spaces = first.getByRole("list", {
        name: "Schede del raggruppamento «Spazi per i giovani»",
      });
      expect(await spaces.getByRole("listitem").count()).toBe(3);
      const anonymous = spaces
        .getByRole("listitem")
        .filter({ hasText: "Un posto dove studiare insieme" });
      expect(await anonymous.textContent()).toContain("anonimo · Famiglie");
      const fromPaper = spaces
        .getByRole("listitem")
        .filter({ hasText: "Aule aperte il pomeriggio" });
      expect(await fromPaper.textContent()).toContain("Prof. Neri · Scuola · da carta");
      expect(await first.textContent()).not.toContain(UNCLUSTERED);

      // The card in no cluster is listed as unheard.
      const unheard = chairPage.getByRole("region", { name: "Schede non accolte" });
      const loose = unheard.getByRole("listitem").filter({ hasText: UNCLUSTERED });
      expect(await loose.textContent()).toContain("anonimo · Famiglie · non raggruppata");
      await expectAccessible(chairPage);

      // Closing the vote brings the priorities in.
      await env.app.services.live.run(chair.actor, meeting.id, { type: "motion.close" });
      await objectiveSection(chairPage, 2, OBJECTIVE_2)
        .getByText("Priorità: 3 punti, posizione 1")
        .waitFor();
      await first.getByText("Priorità: 1 punto, posizione 2").waitFor();

      // A member opens the same page in another browser.
      const memberPage = await env.browser.newPage();
      await signIn(memberPage, member.email);
      await openObjectives(memberPage, meeting);
      const memberFirst = objectiveSection(memberPage, 1, OBJECTIVE_1);

      // The facilitator adds an action by keyboard, and the member sees it at once.
      await first
        .getByLabel(`Titolo della nuova azione per «${OBJECTIVE_1}»`)
        .fill("Doposcuola nel quartiere");
      await chairPage.keyboard.press("Enter");
      const action = first.getByRole("article", { name: "Azione 1: Doposcuola nel quartiere" });
      await action.waitFor();
      const memberAction = memberFirst.getByRole("article", {
        name: "Azione 1: Doposcuola nel quartiere",
      });
      await memberAction.waitFor();

      // Who it is for, where, and which organisations.
      await action.getByLabel("Destinatari").fill("Ragazzi delle scuole medie");
      await action.getByLabel("Nuovo luogo").fill("Oratorio San Luca");
      await chairPage.keyboard.press("Enter");
      await action.getByLabel("Nuovo luogo").fill("Biblioteca civica");
      await action.getByRole("button", { name: "Aggiungi luogo" }).click();
      await action.getByLabel("Luogo 2").waitFor();
      await action.getByRole("button", { name: "Togli Luogo 2" }).click();
      await action.getByLabel("Ente responsabile").selectOption({ label: "Comune di Chieri" });
      await action.getByRole("checkbox", { name: "Cooperativa Il Ponte" }).check();

      // An indicator, added by keyboard, then its baseline and target.
      await action
        .getByLabel("Tipo del nuovo indicatore")
        .selectOption({ label: "Output (cosa si realizza)" });
      await action.getByLabel("Misura del nuovo indicatore").fill("Ragazzi iscritti");
      await chairPage.keyboard.press("Enter");
      const indicator = action.getByRole("group", { name: "Indicatore 1" });
      await indicator.waitFor();
      await indicator.getByLabel("Valore di partenza").fill("0");
      await indicator.getByLabel("Valore atteso").fill("40");
      await chairPage.keyboard.press("Tab");

      // Resources: a negative amount is refused in place and kept as typed, then corrected.
      const euros = action.getByLabel("Euro");
      await euros.fill("-5");
      await chairPage.keyboard.press("Tab");
      await action.getByText("Il valore non può essere negativo.").waitFor();
      expect(await euros.getAttribute("aria-invalid")).toBe("true");
      expect(await valueOf(euros)).toBe("-5");
      await euros.fill("1.500,50");
      await action.getByLabel("Ore di personale").fill("120");
      await action.getByLabel("Fonte di finanziamento").fill("Fondo povertà educativa");
      await chairPage.keyboard.press("Tab");
      expect(await action.getByText("Il valore non può essere negativo.").count()).toBe(0);

      // Timeline: an end before the start is refused in place, then corrected; one milestone.
      await action.getByLabel("Inizio").fill("2027-01-10");
      const end = action.getByLabel("Fine");
      await end.fill("2026-12-01");
      await action.getByText(/La fine viene prima dell'inizio/).waitFor();
      expect(await valueOf(end)).toBe("2026-12-01");
      await end.fill("2027-06-30");
      expect(await action.getByText(/La fine viene prima dell'inizio/).count()).toBe(0);
      await action.getByLabel("Data della nuova tappa").fill("2027-01-15");
      await action.getByLabel("Nuova tappa", { exact: true }).fill("Avvio delle iscrizioni");
      await chairPage.keyboard.press("Enter");
      await action.getByRole("group", { name: "Tappa 1" }).waitFor();
      await expectAccessible(chairPage);

      // The member sees all of it live.
      const seen = async (field: Locator, value: string) => {
        await expect.poll(() => valueOf(field)).toBe(value);
      };
      await seen(memberAction.getByLabel("Destinatari"), "Ragazzi delle scuole medie");
      await seen(memberAction.getByLabel("Luogo 1"), "Oratorio San Luca");
      expect(await memberAction.getByLabel("Luogo 2").count()).toBe(0);
      await expect
        .poll(() =>
          memberAction
            .getByLabel("Ente responsabile")
            .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text),
        )
        .toBe("Comune di Chieri");
      await expect
        .poll(() =>
          memberAction.getByRole("checkbox", { name: "Cooperativa Il Ponte" }).isChecked(),
        )
        .toBe(true);
      const memberIndicator = memberAction.getByRole("group", { name: "Indicatore 1" });
      await seen(memberIndicator.getByLabel("Misura", { exact: true }), "Ragazzi iscritti");
      await seen(memberIndicator.getByLabel("Valore di partenza"), "0");
      await seen(memberIndicator.getByLabel("Valore atteso"), "40");
      await seen(memberAction.getByLabel("Euro"), "1500,5");
      await seen(memberAction.getByLabel("Ore di personale"), "120");
      await seen(memberAction.getByLabel("Fonte di finanziamento"), "Fondo povertà educativa");
      await seen(memberAction.getByLabel("Inizio"), "2027-01-10");
      await seen(memberAction.getByLabel("Fine"), "2027-06-30");
      const milestone = memberAction.getByRole("group", { name: "Tappa 1" });
      await seen(milestone.getByLabel("Descrizione della tappa"), "Avvio delle iscrizioni");
      await seen(milestone.getByLabel("Data della tappa"), "2027-01-15");

      // Two people typing in one field at once both keep their words.
      const chairDescription = first.getByLabel("Descrizione dell'obiettivo");
      const memberDescription = memberFirst.getByLabel("Descrizione dell'obiettivo");
      await chairDescription.fill("Più spazi");
      await chairPage.keyboard.press("Tab");
      await seen(memberDescription, "Più spazi");
      await chairDescription.focus();
      await chairPage.keyboard.press("Control+Home");
      await chairPage.keyboard.type("Insieme: ");
      await memberDescription.focus();
      await memberPage.keyboard.press("Control+End");
      await memberPage.keyboard.type(" per i ragazzi");
      await seen(memberDescription, "Insieme: Più spazi per i ragazzi");
      await seen(chairDescription, "Insieme: Più spazi per i ragazzi");
      await chairPage.keyboard.press("Tab");
      await memberPage.keyboard.press("Tab");
      await seen(chairDescription, "Insieme: Più spazi per i ragazzi");
      await expectAccessible(memberPage);

      // An observer reads everything and may change nothing.
      const observerPage = await env.browser.newPage();
      await signIn(observerPage, observer.email);
      await openObjectives(observerPage, meeting);
      await observerPage
        .getByText("Il tuo ruolo permette solo di leggere obiettivi e azioni.")
        .waitFor();
      const observed = objectiveSection(observerPage, 1, OBJECTIVE_1);
      expect(
        await observed.getByLabel("Titolo dell'obiettivo").getAttribute("readonly"),
      ).not.toBeNull();
      expect(await observed.getByRole("button", { name: "Aggiungi azione" }).count()).toBe(0);
      const observedEuros = observed
        .getByRole("article", { name: "Azione 1: Doposcuola nel quartiere" })
        .getByLabel("Euro");
      // Intl puts a no-break space before the sign.
      expect((await valueOf(observedEuros)).replace(/\s/g, " ")).toBe("1500,50 €");
      await expectAccessible(observerPage);

      // The tavolo's page leads to its unheard cards, meeting by meeting.
      await chairPage.goto(`/roundtables/${roundtable.id}`);
      await expectPage(chairPage, ROUNDTABLE);
      expect(
        await chairPage
          .getByRole("link", { name: `Obiettivi e azioni di «${MEETING}»` })
          .getAttribute("href"),
      ).toBe(`/meetings/${meeting.id}/objectives`);
      await chairPage.getByRole("link", { name: "Schede non accolte in nessun obiettivo" }).click();
      await expectPage(chairPage, `Schede non accolte: ${ROUNDTABLE}`);
      const section = chairPage.getByRole("region", { name: MEETING });
      const card = section.getByRole("listitem").filter({ hasText: UNCLUSTERED });
      expect(await card.textContent()).toContain("anonimo · Famiglie · non raggruppata");
      expect(await section.textContent()).not.toContain("Un posto dove studiare insieme");
      expect(
        await chairPage
          .getByRole("list", { name: "Schede non accolte per gruppo, in tutto il tavolo" })
          .textContent(),
      ).toBe("Famiglie: 1");
    } finally {
      seeding.destroy();
    }
  }, 180_000);
});

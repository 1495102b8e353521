import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  tabTo,
  waitForHydration,
} from "../support/browser";
import { io as connectClient } from "socket.io-client";
import type { TestApp } from "../support/app";
import { expectPage, signIn, tavoloWithMember } from "../support/flows";
import { acceptedCommand, type LiveClient } from "../support/live";

const CARD = "Una mappa aggiornata dei servizi per le famiglie";

async function openBoard(page: Page, meetingId: string) {
  await page.goto(`/meetings/${meetingId}/board`);
  await expectPage(page, "Lavagna: Laboratorio minori e famiglie");
  await waitForHydration(page);
  await page.locator('[data-testid="board"][data-ready="true"]').waitFor();
}

/** A tavolo with a facilitator and a member (both able to sign in), and a meeting under way. */
async function tavoloWithMeeting(app: TestApp) {
  const { services } = app;
  const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
    app,
    "Tavolo minori e famiglie",
  );
  const meeting = await services.meetings.create(facilitator, roundtable.id, {
    title: "Laboratorio minori e famiglie",
    kind: "workshop",
    startsAt: "2026-12-01T18:00",
  });
  await services.live.run(facilitator, meeting.id, { type: "meeting.start" });
  return { meeting, facilitatorEmail, memberEmail };
}

/** The facilitator's own /live connection, as their console would run commands on it. */
async function facilitatorSocket(app: TestApp, email: string, meetingId: string) {
  const token = await app.services.accounts.createApiToken(email);
  const socket: LiveClient = connectClient(`${app.url}/live`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const joined = await socket.emitWithAck("meeting:join", { meetingId });
  if (!joined.ok) throw new Error(`join refused: ${JSON.stringify(joined.error)}`);
  return socket;
}

async function addCard(page: Page, text: string) {
  await page.getByLabel("Testo della nuova scheda").fill(text);
  await page.getByRole("button", { name: "Aggiungi", exact: true }).click();
  await page.getByRole("button", { name: new RegExp(`Scheda di .*${text}`) }).waitFor();
}

async function cardId(page: Page, text: RegExp): Promise<string> {
  const id = await page.getByRole("button", { name: text }).getAttribute("data-item-id");
  if (!id) throw new Error(`no card ${text}`);
  return id;
}

describeInBrowser("the live board", () => {
  const env = serverAndBrowser();

  it("lets a facilitator and a member build a board together, by mouse, keyboard and list", async () => {
    const { meeting, facilitatorEmail, memberEmail } = await tavoloWithMeeting(env.app);

    // The facilitator opens the empty board and starts from the working group's template.
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openBoard(chair, meeting.id);
    expect(await chair.title()).toBe("Lavagna · Laboratorio minori e famiglie");
    await chair.getByRole("button", { name: /^Gruppo di lavoro/ }).click();
    for (const label of ["Target", "Obiettivi", "Azioni", "Luoghi"]) {
      await chair.getByRole("button", { name: `Raggruppamento «${label}», schede: 0` }).waitFor();
    }
    await expectAccessible(chair);

    // A member of the tavolo opens the same board in another browser.
    const guest = await env.browser.newPage();
    await signIn(guest, memberEmail);
    await openBoard(guest, meeting.id);
    await guest.getByRole("button", { name: "Raggruppamento «Luoghi», schede: 0" }).waitFor();
    // No template choice for members, and the board is not empty anyway.
    expect(await guest.getByRole("button", { name: /^Gruppo di lavoro/ }).count()).toBe(0);

    // The facilitator adds a card; the member sees it (how soon: `npm run bench:realtime`).
    await chair.getByLabel("Testo della nuova scheda").fill(CARD);
    await chair.getByRole("button", { name: "Aggiungi", exact: true }).click();
    await chair.getByRole("status").filter({ hasText: "Scheda aggiunta" }).waitFor();
    const seen = guest.getByRole("button", { name: new RegExp(`Scheda di Franca Rossi.*${CARD}`) });
    await seen.waitFor();

    // The member moves it into «Luoghi» with the keyboard alone: Tab into the board, an arrow
    // to the card, Enter for its actions, "Sposta in…", then the cluster.
    await tabTo(guest, guest.getByRole("button", { name: "Raggruppamento «Target», schede: 0" }));
    await guest.keyboard.press("ArrowDown");
    expect(await seen.evaluate((element) => element === document.activeElement)).toBe(true);
    await guest.keyboard.press("Enter");
    const menu = guest.getByRole("menu");
    await menu.waitFor();
    expect(
      await menu
        .getByRole("menuitem")
        .first()
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);
    await expectAccessible(guest);
    await guest.keyboard.press("Enter");
    await guest.getByRole("menu", { name: "Sposta in" }).waitFor();
    for (let i = 0; i < 3; i += 1) await guest.keyboard.press("ArrowDown");
    expect(await guest.evaluate(() => document.activeElement?.textContent)).toBe("Luoghi");
    await guest.keyboard.press("Enter");
    await guest.getByRole("status").filter({ hasText: "Scheda spostata in «Luoghi»" }).waitFor();
    await menu.waitFor({ state: "detached" });
    // The focus stays on the card, now in its cluster.
    await guest.waitForFunction(
      (text) => document.activeElement?.getAttribute("aria-label")?.includes(text) ?? false,
      CARD,
    );

    // Both see it there.
    for (const page of [guest, chair]) {
      await page.getByRole("button", { name: "Raggruppamento «Luoghi», schede: 1" }).waitFor();
    }

    // The facilitator drags it with the mouse into «Azioni», then undoes that with Ctrl+Z:
    // their own change is undone, for everyone.
    const card = chair.getByRole("button", { name: new RegExp(CARD) });
    const from = (await card.boundingBox())!;
    const to = (await chair
      .getByRole("button", { name: "Raggruppamento «Azioni», schede: 0" })
      .boundingBox())!;
    await chair.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await chair.mouse.down();
    await chair.mouse.move(to.x + to.width / 2, to.y + to.height + 30, { steps: 8 });
    await chair.mouse.up();
    for (const page of [chair, guest]) {
      await page.getByRole("button", { name: "Raggruppamento «Azioni», schede: 1" }).waitFor();
    }
    await chair.keyboard.press("Control+z");
    for (const page of [chair, guest]) {
      await page.getByRole("button", { name: "Raggruppamento «Luoghi», schede: 1" }).waitFor();
    }

    // The list view shows the clusters as headed lists, the card under «Luoghi».
    await chair.getByRole("button", { name: "Vista elenco" }).click();
    const places = chair.getByRole("region", { name: /^Luoghi/ });
    await places.getByText(CARD).waitFor();
    expect(await places.getByRole("listitem").count()).toBe(1);
    expect(await chair.getByRole("region", { name: /^Target/ }).textContent()).toContain(
      "Nessuna scheda.",
    );
    await expectAccessible(chair);
    await chair.getByRole("button", { name: "Vista lavagna" }).click();
    await chair.getByRole("button", { name: "Raggruppamento «Luoghi», schede: 1" }).waitFor();
    // Two browsers, a dozen axe runs: slower than most e2e tests.
  }, 120_000);

  it("follows the meeting's live state: private writing, hidden cards, spotlight and lock", async () => {
    const { meeting, facilitatorEmail, memberEmail } = await tavoloWithMeeting(env.app);
    const socket = await facilitatorSocket(env.app, facilitatorEmail, meeting.id);
    try {
      const chair = await env.browser.newPage();
      await signIn(chair, facilitatorEmail);
      await openBoard(chair, meeting.id);
      const guest = await env.browser.newPage();
      await signIn(guest, memberEmail);
      await openBoard(guest, meeting.id);
      await addCard(chair, "Orari della biblioteca più lunghi");
      await addCard(guest, "Uno spazio compiti nel quartiere");
      const theirs = guest.getByRole("button", { name: /Orari della biblioteca/ });
      await theirs.waitFor();

      // Private writing: everyone else's cards are face down, one's own stay readable.
      await acceptedCommand(socket, meeting.id, { type: "writing.private", enabled: true });
      await guest.getByText("Schede coperte: 1.", { exact: false }).waitFor();
      await theirs.waitFor({ state: "detached" });
      await guest.getByRole("button", { name: /Uno spazio compiti/ }).waitFor();
      expect(await guest.getByRole("button", { name: "Scheda coperta" }).count()).toBe(1);
      await expectAccessible(guest);
      await acceptedCommand(socket, meeting.id, { type: "writing.private", enabled: false });
      await theirs.waitFor();

      // A hidden card disappears for members; the facilitator still sees it, and restores it.
      const hidden = await acceptedCommand(socket, meeting.id, {
        type: "card.hide",
        cardId: await cardId(chair, /Orari della biblioteca/),
      });
      expect(hidden.hiddenCards).toHaveLength(1);
      await theirs.waitFor({ state: "detached" });
      await chair.getByText("Schede nascoste: 1").waitFor();
      const dimmed = chair.getByRole("button", {
        name: /^Scheda nascosta: .*Orari della biblioteca/,
      });
      await dimmed.focus();
      await chair.keyboard.press("Enter");
      await chair.getByRole("menuitem", { name: "Ripristina" }).click();
      await theirs.waitFor();
      // The closed menu hands the focus back to the restored card a moment later; moving it on
      // before then would see it taken back (CI's busy cores once spotlit the wrong card).
      await expect
        .poll(() => chair.evaluate(() => document.activeElement?.textContent ?? ""))
        .toContain("Orari della biblioteca");

      // The facilitator spotlights the member's card from its menu: it is marked on every screen.
      const mine = chair.getByRole("button", { name: /Uno spazio compiti/ });
      await mine.focus();
      await chair.keyboard.press("Enter");
      await chair
        .getByRole("menu", { name: /Uno spazio compiti/ })
        .getByRole("menuitem", { name: "Metti in evidenza" })
        .click();
      // The facilitator is told which card is now in the spotlight, then every screen marks it.
      await chair
        .getByRole("status")
        .filter({ hasText: /In evidenza: .*Uno spazio compiti/ })
        .waitFor();
      await guest
        .locator(".board-card.is-spotlit", { hasText: "Uno spazio compiti" })
        .waitFor({ timeout: 20_000 });
      await guest.getByRole("button", { name: "Esci dal riflettore" }).click();
      await guest.getByRole("button", { name: "Segui il riflettore" }).waitFor();

      // A locked board is read-only for members, and says why.
      await acceptedCommand(socket, meeting.id, { type: "board.lock", locked: true });
      await guest.getByText("La lavagna è bloccata dal facilitatore: puoi solo leggere.").waitFor();
      expect(await guest.getByLabel("Testo della nuova scheda").count()).toBe(0);
      expect(await chair.getByLabel("Testo della nuova scheda").count()).toBe(1);
      await expectAccessible(guest);
    } finally {
      socket.disconnect();
    }
  }, 120_000);
});

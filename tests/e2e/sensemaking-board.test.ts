import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { addCard } from "../../core/board-ops";
import { boardDocName } from "../../core/domain";
import type { TestApp } from "../support/app";
import { describeInBrowser, expectAccessible, serverAndBrowser, tabTo } from "../support/browser";
import { tavoloWithMember } from "../support/flows";
import { clusterFrame, openBoard, readSuggestion } from "../support/sensemaking";
import { connectClient, wsUrl } from "../support/yjs";

const MEETING = "Ascolto del quartiere";

/** A dozen loose cards on four themes that have nothing in common, one of them said twice. */
const CARDS = [
  "Più spazi per i giovani nel quartiere",
  "Spazi per ragazzi aperti anche la sera",
  "Uno spazio giovani con sale studio per ragazzi",
  "Autobus più frequenti verso le scuole superiori",
  "Trasporto scolastico in autobus per le frazioni",
  "Fermate degli autobus sicure davanti alle scuole",
  "Sportello di ascolto per i genitori",
  "Gruppi di sostegno per genitori di adolescenti",
  "Incontri serali per genitori sul rapporto con i figli",
  "Corsi di lingua italiana per le mamme straniere",
  "Corsi di italiano per famiglie straniere appena arrivate",
  "Mediatori culturali e corsi di italiano nelle scuole",
  "Più spazi per i giovani del quartiere",
];

async function tavoloWithCards(app: TestApp) {
  const { services } = app;
  const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
    app,
    "Tavolo politiche giovanili",
  );
  const meeting = await services.meetings.create(facilitator, roundtable.id, {
    title: MEETING,
    kind: "listening",
    startsAt: "2026-12-01T18:00",
  });
  await services.live.run(facilitator, meeting.id, { type: "meeting.start" });

  // The cards of a listening session, written on the board through a real Yjs client.
  const apiToken = await services.accounts.createApiToken(facilitatorEmail);
  const client = await connectClient(wsUrl(app), boardDocName(meeting.id), apiToken);
  try {
    CARDS.forEach((text, i) =>
      addCard(client.doc, {
        id: `card-${i}`,
        text,
        authorLabel: "Partecipante",
        group: i % 2 ? "family" : "school",
        position: { x: (i % 6) * 220, y: Math.floor(i / 6) * 140 },
      }),
    );
    // Stored before the browsers open the board.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    client.destroy();
  }
  return { meeting, facilitatorEmail, memberEmail };
}

/** A cluster in the list view: its section (the list shows every cluster, near or far). */
const listed = (page: Page, label: string, count: number) =>
  page.getByRole("region", { name: `${label} (schede: ${count})`, exact: true });

/** What a card's menu says about where the card went (in the list view, which shows every card). */
async function menuNote(page: Page, cardText: string) {
  const opener = page
    .locator("li.board-list__card", { hasText: cardText })
    .getByRole("button", { name: /^Azioni per la scheda/ });
  await opener.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await menu.waitFor();
  const note = await page.locator(".board-menu__note").textContent();
  const describedBy = await menu.getAttribute("aria-describedby");
  expect(describedBy).toBeTruthy();
  await page.keyboard.press("Escape");
  await menu.waitFor({ state: "detached" });
  // The focus goes back to the card's button.
  const back = await opener.elementHandle();
  await page.waitForFunction((element) => document.activeElement === element, back);
  return note ?? "";
}

describeInBrowser("sensemaking on the board", () => {
  const env = serverAndBrowser();

  it("lets a facilitator cluster loose cards from suggestions, undo it at once, and promote a cluster", async () => {
    const { meeting, facilitatorEmail, memberEmail } = await tavoloWithCards(env.app);
    const chair = await env.browser.newPage();
    await openBoard(chair, facilitatorEmail, meeting);
    const guest = await env.browser.newPage();
    await openBoard(guest, memberEmail, meeting);
    // Only who runs the meeting is offered suggestions; everyone has the way to the objectives.
    expect(await guest.getByRole("button", { name: "Suggerisci raggruppamenti" }).count()).toBe(0);
    await guest.getByRole("link", { name: "Obiettivi e azioni" }).waitFor();
    // The member follows on the list view, which shows every cluster wherever it is placed.
    await guest.getByRole("button", { name: "Vista elenco" }).click();
    const guestClusters = guest.locator("section.board-list__cluster");
    await guest.getByRole("region", { name: "Schede non raggruppate (schede: 13)" }).waitFor();
    expect(await chair.getByRole("link", { name: "Obiettivi e azioni" }).getAttribute("href")).toBe(
      `/meetings/${meeting.id}/objectives`,
    );

    // The panel opens beside the board, computed in a Web Worker, and takes the focus.
    await chair.getByRole("button", { name: "Suggerisci raggruppamenti" }).click();
    const panel = chair.getByRole("complementary", { name: "Raggruppamenti suggeriti" });
    await panel.waitFor();
    await chair
      .getByRole("status")
      .filter({ hasText: `, da ${CARDS.length} schede.` })
      .waitFor();
    expect(
      await panel
        .getByRole("heading", { name: "Raggruppamenti suggeriti" })
        .evaluate((h) => h === document.activeElement),
    ).toBe(true);
    const items = panel.locator("li.board-suggestion");
    expect(await items.count()).toBeGreaterThanOrEqual(1);
    // The facilitator asks for more, narrower groups: the suggestions are computed again.
    await panel.getByRole("radio", { name: "Più gruppi" }).check();
    await chair.waitForFunction(
      () =>
        document.querySelector(".board-suggestions")?.getAttribute("aria-busy") === "false" &&
        document.querySelectorAll("li.board-suggestion").length >= 4,
    );
    const total = await items.count();
    // The card written twice is flagged.
    await panel
      .getByText(/quasi ugual/)
      .first()
      .waitFor();
    // Every card is in exactly one suggestion.
    const before = await Promise.all([...Array(total).keys()].map((i) => readSuggestion(chair, i)));
    expect(before.flatMap((s) => s.cards).sort()).toEqual([...CARDS].sort());
    // The board stays usable beside it.
    await chair.getByRole("region", { name: "Lavagna" }).waitFor();
    await expectAccessible(chair);

    // Rename the first with the keyboard alone.
    const renameFirst = items.nth(0).getByRole("button", { name: /^Rinomina/ });
    await tabTo(chair, renameFirst);
    await chair.keyboard.press("Enter");
    const nameField = panel.getByLabel(/^Nuovo nome per/);
    expect(await nameField.evaluate((e) => e === document.activeElement)).toBe(true);
    await chair.keyboard.press("Control+a");
    await chair.keyboard.type("Priorità del tavolo");
    await chair.keyboard.press("Enter");
    await chair
      .getByRole("status")
      .filter({ hasText: "Suggerimento rinominato in «Priorità del tavolo»" })
      .waitFor();
    const youth = { label: "Priorità del tavolo", cards: before[0]!.cards };

    // Merge the second and third.
    await items
      .nth(1)
      .getByRole("checkbox", { name: /^Seleziona per unire/ })
      .check();
    await items
      .nth(2)
      .getByRole("checkbox", { name: /^Seleziona per unire/ })
      .check();
    await panel.getByRole("button", { name: "Unisci i selezionati (2)" }).click();
    const merged = { label: before[1]!.label, cards: [...before[1]!.cards, ...before[2]!.cards] };
    await chair
      .getByRole("status")
      .filter({ hasText: `Suggerimenti uniti in «${merged.label}»` })
      .waitFor();
    expect(await items.count()).toBe(total - 1);
    expect((await readSuggestion(chair, 1)).cards).toEqual(merged.cards);

    // None, then all again: none applies nothing.
    await panel.getByRole("button", { name: "Nessuno da applicare" }).click();
    await panel.getByRole("button", { name: "Applica i selezionati (0)" }).click();
    await chair
      .getByRole("status")
      .filter({ hasText: "Nessun suggerimento selezionato: niente da applicare." })
      .waitFor();
    expect(await chair.getByRole("button", { name: /^Raggruppamento «/ }).count()).toBe(0);
    await panel.getByRole("button", { name: "Tutti da applicare" }).click();
    await panel.getByRole("button", { name: `Applica i selezionati (${total - 1})` }).waitFor();

    // Leave the last one out.
    const declined = await readSuggestion(chair, total - 2);
    await items
      .nth(total - 2)
      .getByRole("checkbox", { name: /^Da applicare/ })
      .uncheck();
    await expectAccessible(chair);

    await panel.getByRole("button", { name: `Applica i selezionati (${total - 2})` }).click();
    await chair
      .getByRole("status")
      .filter({ hasText: `Raggruppamenti applicati: ${total - 2}.` })
      .waitFor();
    // The member sees the new clusters.
    await listed(guest, youth.label, youth.cards.length).waitFor();
    await listed(guest, merged.label, merged.cards.length).waitFor();
    // The suggestion left out stays in the panel, its cards loose on the board.
    expect(await items.count()).toBe(1);
    expect((await readSuggestion(chair, 0)).label).toBe(declined.label);
    // The clusters, and the loose cards' section.
    expect(await guestClusters.count()).toBe(total - 2 + 1);
    await clusterFrame(chair, merged.label, merged.cards.length).waitFor();

    // One Ctrl+Z undoes the whole application, for everyone.
    await chair.keyboard.press("Control+z");
    await clusterFrame(chair, youth.label, youth.cards.length).waitFor({ state: "detached" });
    expect(await chair.getByRole("button", { name: /^Raggruppamento «/ }).count()).toBe(0);
    await listed(guest, "Schede non raggruppate", CARDS.length).waitFor();
    expect(await guestClusters.count()).toBe(1);
    await chair.keyboard.press("Control+Shift+z");
    await clusterFrame(chair, youth.label, youth.cards.length).waitFor();
    await listed(guest, youth.label, youth.cards.length).waitFor();
    await chair.getByRole("button", { name: "Chiudi i suggerimenti" }).click();
    await panel.waitFor({ state: "detached" });
    expect(
      await chair
        .getByRole("button", { name: "Suggerisci raggruppamenti" })
        .evaluate((b) => b === document.activeElement),
    ).toBe(true);

    // Promote the cluster to an objective from its menu, by keyboard.
    await clusterFrame(chair, youth.label, youth.cards.length).focus();
    await chair.keyboard.press("Enter");
    await chair.getByRole("menu").waitFor();
    expect(await chair.evaluate(() => document.activeElement?.textContent)).toBe(
      "Promuovi a obiettivo…",
    );
    await chair.keyboard.press("Enter");
    const dialog = chair.getByRole("dialog", { name: "Nuovo obiettivo" });
    await dialog.waitFor();
    const title = dialog.getByLabel("Titolo dell'obiettivo");
    expect(await title.inputValue()).toBe(youth.label);
    expect(await title.evaluate((e) => e === document.activeElement)).toBe(true);
    await chair.keyboard.type("Un obiettivo dal tavolo");
    await chair.keyboard.press("Tab");
    await chair.keyboard.type("Da discutere con il tavolo.");
    await chair.keyboard.press("Tab");
    // The taxonomy's default areas: G is youth policy.
    await chair.keyboard.type("G");
    expect(await dialog.getByLabel("Area di policy").inputValue()).toBe("G");
    await expectAccessible(chair);
    await chair.keyboard.press("Tab");
    await chair.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    await chair
      .getByRole("status")
      .filter({ hasText: "Obiettivo «Un obiettivo dal tavolo» creato" })
      .waitFor();
    // Its frame says which objective it feeds, for both.
    const fed = `Raggruppamento «${youth.label}», schede: ${youth.cards.length}, alimenta «Un obiettivo dal tavolo»`;
    await chair.getByRole("button", { name: fed, exact: true }).waitFor();
    await listed(guest, youth.label, youth.cards.length)
      .getByText("alimenta «Un obiettivo dal tavolo»")
      .waitFor();
    await expectAccessible(guest);
    // And every card says where it went.
    await chair.getByRole("button", { name: "Vista elenco" }).click();
    expect(await menuNote(chair, youth.cards[0]!)).toBe(
      "Dove è finita: nel raggruppamento «Priorità del tavolo», che alimenta «Un obiettivo dal tavolo».",
    );
    expect(await menuNote(chair, merged.cards[0]!)).toBe(
      `Dove è finita: nel raggruppamento «${merged.label}», non ancora in nessun obiettivo.`,
    );
    expect(await menuNote(chair, declined.cards[0]!)).toBe(
      "Dove è finita: in nessun raggruppamento, quindi non ancora in nessun obiettivo.",
    );

    // Undo reaches objectives too.
    await chair.getByRole("button", { name: "↶ Annulla" }).click();
    await listed(guest, youth.label, youth.cards.length)
      .getByText("alimenta «Un obiettivo dal tavolo»")
      .waitFor({ state: "detached" });
  }, 120_000);

  it("lets the facilitator turn the knob, split a suggestion and close the panel by keyboard alone", async () => {
    const { meeting, facilitatorEmail } = await tavoloWithCards(env.app);
    const chair = await env.browser.newPage();
    await openBoard(chair, facilitatorEmail, meeting);

    const toggle = chair.getByRole("button", { name: "Suggerisci raggruppamenti" });
    await tabTo(chair, toggle);
    await chair.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const panel = chair.getByRole("complementary", { name: "Raggruppamenti suggeriti" });
    await chair
      .getByRole("status")
      .filter({ hasText: `, da ${CARDS.length} schede.` })
      .waitFor();

    // The knob is a group of radio buttons: arrows move between them and compute again.
    await tabTo(chair, panel.getByRole("radio", { name: "Come suggerito" }));
    await chair.keyboard.press("ArrowRight");
    expect(await panel.getByRole("radio", { name: "Più gruppi" }).isChecked()).toBe(true);
    await chair.waitForFunction(
      () =>
        document.querySelector(".board-suggestions")?.getAttribute("aria-busy") === "false" &&
        document.querySelectorAll("li.board-suggestion").length >= 4,
    );
    const items = panel.locator("li.board-suggestion");
    const total = await items.count();
    const first = await readSuggestion(chair, 0);
    expect(first.cards.length).toBeGreaterThanOrEqual(2);

    // Split the first: its first card goes to a new suggestion, named by the facilitator.
    await tabTo(chair, items.nth(0).getByRole("button", { name: /^Dividi/ }));
    await chair.keyboard.press("Enter");
    const split = panel.getByRole("group", { name: /^Quali schede di/ });
    await split.waitFor();
    expect(
      await split
        .getByRole("checkbox")
        .first()
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);
    await expectAccessible(chair);
    // Nothing chosen: the form says what is missing.
    await tabTo(chair, panel.getByRole("button", { name: "Dividi", exact: true }));
    await chair.keyboard.press("Enter");
    await panel.getByText("Scegli almeno una scheda, ma non tutte.").waitFor();
    // The focus goes back to the cards to choose from.
    expect(
      await split
        .getByRole("checkbox")
        .first()
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);
    await chair.keyboard.press("Space");
    await tabTo(chair, panel.getByLabel("Nome del nuovo gruppo"));
    await chair.keyboard.press("Control+a");
    await chair.keyboard.type("Un gruppo a parte");
    await chair.keyboard.press("Enter");
    await chair
      .getByRole("status")
      .filter({ hasText: "Nuovo gruppo «Un gruppo a parte», schede: 1" })
      .waitFor();
    expect(await items.count()).toBe(total + 1);
    expect(await readSuggestion(chair, 0)).toEqual({ ...first, cards: first.cards.slice(1) });
    expect(await readSuggestion(chair, 1)).toEqual({
      label: "Un gruppo a parte",
      cards: first.cards.slice(0, 1),
    });
    // The focus lands on the new suggestion.
    expect(
      await items
        .nth(1)
        .getByRole("heading")
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);

    // Escape closes the panel and gives the focus back to its button; nothing was applied.
    await chair.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await chair.getByRole("button", { name: /^Raggruppamento «/ }).count()).toBe(0);
  }, 60_000);
});

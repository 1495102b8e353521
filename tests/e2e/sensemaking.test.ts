import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { addCard } from "../../core/board-ops";
import { boardDocName } from "../../core/domain";
import { api, type TestApp } from "../support/app";
import { describeInBrowser, expectAccessible, serverAndBrowser, tabTo } from "../support/browser";
import { expectPage, PASSWORD, uniqueEmail } from "../support/flows";
import { clusterFrame, objectiveSection, openBoard, readSuggestion } from "../support/sensemaking";
import { connectClient, until, wsUrl } from "../support/yjs";

const ROUNDTABLE = "Tavolo educativo dell'ambito di Chieri";
const MEETING = "Ascolto di quartiere";
const FACILITATOR = "Franca Rossi";
const OBJECTIVE_1 = "Luoghi per i ragazzi";
const OBJECTIVE_2 = "Una comunità che accompagna";
const DESCRIPTION = "Spazi dove studiare e stare insieme, anche la sera.";
const ACTION = "Spazio compiti in biblioteca";
const INDICATOR = {
  measure: "Ragazzi che lo frequentano ogni settimana",
  baseline: "0",
  target: "40",
};

type Group = "family" | "school" | "social_services";
const GROUP_LABELS: Record<Group, string> = {
  family: "Famiglie",
  school: "Scuola",
  social_services: "Servizi sociali",
};

/**
 * What the listening heard: fifteen loose cards on five themes, from three groups; one written
 * anonymously, one typed in from a paper card.
 */
const CARDS: { text: string; group: Group; author: string; inPerson?: boolean }[] = [
  { text: "Più spazi per i giovani nel quartiere", group: "family", author: "Anna R." },
  { text: "Spazi per ragazzi aperti anche la sera", group: "school", author: "Prof. Neri" },
  { text: "Uno spazio giovani con sale studio", group: "family", author: "" },
  { text: "Autobus più frequenti verso le scuole superiori", group: "school", author: "Ida G." },
  {
    text: "Trasporto scolastico in autobus per le frazioni",
    group: "family",
    author: "Luca M.",
    inPerson: true,
  },
  {
    text: "Fermate degli autobus sicure davanti alle scuole",
    group: "social_services",
    author: "Servizi Chieri",
  },
  { text: "Sportello di ascolto per i genitori", group: "social_services", author: "Rita S." },
  { text: "Gruppi di sostegno per genitori di adolescenti", group: "family", author: "Paolo V." },
  {
    text: "Incontri serali per genitori sul rapporto con i figli",
    group: "school",
    author: "Prof.ssa Gallo",
  },
  { text: "Corsi di lingua italiana per le mamme straniere", group: "family", author: "Amina K." },
  {
    text: "Corsi di italiano per famiglie straniere appena arrivate",
    group: "social_services",
    author: "Sportello stranieri",
  },
  {
    text: "Mediatori culturali e corsi di italiano nelle scuole",
    group: "school",
    author: "Prof. Neri",
  },
  {
    text: "Educativa di strada con educatori nei parchi",
    group: "social_services",
    author: "Coop. Il Ponte",
  },
  { text: "Più educatori di strada la sera nei parchi", group: "family", author: "Marta B." },
  { text: "Educatori nei parchi del quartiere d'estate", group: "school", author: "Ida G." },
];
const ANONYMOUS = CARDS.find((c) => !c.author)!;
const FROM_PAPER = CARDS.find((c) => c.inPerson)!;
const idOf = (text: string) => `card-${CARDS.findIndex((c) => c.text === text)}`;
const cardOf = (id: string) => CARDS[Number(id.slice("card-".length))]!;

/** Voices by group of some cards, as the API counts them: one card, one voice. */
function voicesOf(texts: readonly string[]): Record<string, number> {
  const voices: Record<string, number> = {};
  for (const text of texts) {
    const { group } = CARDS.find((c) => c.text === text)!;
    voices[group] = (voices[group] ?? 0) + 1;
  }
  return voices;
}

/** The same voices as a page lists them: the most first, then in the board's order of groups. */
function voiceLines(texts: readonly string[]): string[] {
  const order = Object.keys(GROUP_LABELS);
  return Object.entries(voicesOf(texts))
    .sort(([a, m], [b, n]) => n - m || order.indexOf(a) - order.indexOf(b))
    .map(([group, count]) => `${GROUP_LABELS[group as Group]}: ${count}`);
}

/** How a trace or unheard list shows who wrote a card: "anonimo" when nobody signed it. */
function cardMeta(text: string): string {
  const card = CARDS.find((c) => c.text === text)!;
  const who = card.author || "anonimo";
  return `${who} · ${GROUP_LABELS[card.group]}${card.inPerson ? " · da carta" : ""}`;
}

const sorted = (values: readonly string[]) => [...values].sort();

/** A tavolo with a listening meeting under way, its cards written on the board beforehand. */
async function listenedTavolo(app: TestApp) {
  const { services } = app;
  const email = uniqueEmail("facilitatrice");
  const facilitator = await services.accounts.createUser({
    email,
    name: FACILITATOR,
    password: PASSWORD,
  });
  const roundtable = await services.roundtables.create(facilitator, {
    name: ROUNDTABLE,
    territory: "Ambito di Chieri",
  });
  const meeting = await services.meetings.create(facilitator, roundtable.id, {
    title: MEETING,
    kind: "listening",
    startsAt: "2026-12-01T18:00",
  });
  await services.live.run(facilitator, meeting.id, { type: "meeting.start" });

  // The listening: the cards written on the board through a real y-websocket client.
  const token = await services.accounts.createApiToken(email);
  const client = await connectClient(wsUrl(app), boardDocName(meeting.id), token);
  try {
    CARDS.forEach((card, i) =>
      addCard(client.doc, {
        id: `card-${i}`,
        text: card.text,
        authorLabel: card.author,
        group: card.group,
        inPerson: card.inPerson ?? false,
        position: { x: (i % 5) * 240, y: Math.floor(i / 5) * 160 },
      }),
    );
    // Stored and projected before the facilitator opens the board.
    await until("the listening to be stored", async () => {
      const view = await services.objectives.list(facilitator, meeting.id, "it");
      return view.unheardCardIds.length === CARDS.length;
    });
  } finally {
    client.destroy();
  }
  return { roundtable, meeting, email, token };
}

/** The texts of the items of a list of cards, as the page shows them. */
function cardTexts(list: Locator): Promise<string[]> {
  return list.locator(".trace-card__text").allTextContents();
}

/** What the page says about a card of a list: who wrote it, their group, from paper or not. */
async function metaOf(list: Locator, text: string): Promise<string> {
  const item = list.getByRole("listitem").filter({ hasText: text });
  return ((await item.locator(".trace-card__meta").textContent()) ?? "").trim();
}

const focused = (locator: Locator) => locator.evaluate((e) => e === document.activeElement);

async function pressOn(page: Page, locator: Locator, key: string) {
  await locator.focus();
  await page.keyboard.press(key);
}

async function typeInto(page: Page, field: Locator, text: string) {
  await field.focus();
  await page.keyboard.type(text);
}

interface ObjectivesView {
  objectives: {
    title: string;
    description: string | null;
    policyArea: { key: string; label: string } | null;
    clusterIds: string[];
    clusters: { id: string; label: string; cardIds: string[] }[];
    cardIds: string[];
    voices: Record<string, number>;
    cardCount: number;
    inPerson: number;
    actions: {
      title: string;
      indicators: { kind: string; measure: string; baseline: string; target: string }[];
    }[];
  }[];
  unheardCardIds: string[];
}

describeInBrowser("sensemaking, from the listening to objectives and actions", () => {
  const env = serverAndBrowser();

  it("lets a facilitator cluster a listening board from suggestions, promote two clusters, add an action with an indicator, and trace it back to the cards", async () => {
    const { roundtable, meeting, email, token } = await listenedTavolo(env.app);
    const page = await env.browser.newPage();
    await openBoard(page, email, meeting);

    // ---- The board: suggestions, accepted all but one -------------------------------------------

    const toggle = page.getByRole("button", { name: "Suggerisci raggruppamenti" });
    await tabTo(page, toggle);
    await page.keyboard.press("Enter");
    const panel = page.getByRole("complementary", { name: "Raggruppamenti suggeriti" });
    await page
      .getByRole("status")
      .filter({ hasText: `, da ${CARDS.length} schede.` })
      .waitFor();
    const items = panel.locator("li.board-suggestion");
    const total = await items.count();
    const suggestions = await Promise.all(
      [...Array(total).keys()].map((i) => readSuggestion(page, i)),
    );
    // Every card is suggested in exactly one group.
    expect(sorted(suggestions.flatMap((s) => s.cards))).toEqual(sorted(CARDS.map((c) => c.text)));
    // Two groups to promote, one left on the board unpromoted and one declined at least.
    expect(total, JSON.stringify(suggestions)).toBeGreaterThanOrEqual(4);
    await expectAccessible(page);

    // Which is which comes from what the clustering suggested, not from a guess: the first objective
    // from the group with the anonymous card, the second from the one with the paper card (or else
    // the next), and the last of the others is declined.
    const withCard = (text: string) => suggestions.findIndex((s) => s.cards.includes(text));
    const first = withCard(ANONYMOUS.text);
    const paper = withCard(FROM_PAPER.text);
    const second = paper !== first ? paper : suggestions.findIndex((_, i) => i !== first);
    const others = [...suggestions.keys()].filter((i) => i !== first && i !== second);
    const declined = others[others.length - 1]!;
    const kept = suggestions.filter((_, i) => i !== declined);
    const spared = suggestions.filter((_, i) => i !== first && i !== second && i !== declined);
    const [one, two, left] = [suggestions[first]!, suggestions[second]!, suggestions[declined]!];

    // The facilitator leaves one suggestion out, by keyboard, and applies the rest.
    const leaveOut = items.nth(declined).getByRole("checkbox", { name: /^Da applicare/ });
    await pressOn(page, leaveOut, "Space");
    expect(await leaveOut.isChecked()).toBe(false);
    await expectAccessible(page);
    await pressOn(
      page,
      panel.getByRole("button", { name: `Applica i selezionati (${total - 1})` }),
      "Enter",
    );
    await page
      .getByRole("status")
      .filter({ hasText: `Raggruppamenti applicati: ${total - 1}.` })
      .waitFor();
    // The one left out stays a suggestion; the rest are clusters on the board.
    expect(await items.count()).toBe(1);
    expect(await readSuggestion(page, 0)).toEqual(left);
    await page.getByRole("button", { name: "Chiudi i suggerimenti" }).click();
    await panel.waitFor({ state: "detached" });
    for (const s of kept) await clusterFrame(page, s.label, s.cards.length).waitFor();
    expect(await page.getByRole("button", { name: /^Raggruppamento «/ }).count()).toBe(kept.length);

    // ---- Two clusters promoted to objectives --------------------------------------------------

    // The first from its cluster's menu, by keyboard.
    await pressOn(page, clusterFrame(page, one.label, one.cards.length), "Enter");
    await page.getByRole("menu").waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Promuovi a obiettivo…",
    );
    await page.keyboard.press("Enter");
    let dialog = page.getByRole("dialog", { name: "Nuovo obiettivo" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Titolo dell'obiettivo").inputValue()).toBe(one.label);
    expect(await focused(dialog.getByLabel("Titolo dell'obiettivo"))).toBe(true);
    await page.keyboard.type(OBJECTIVE_1);
    await page.keyboard.press("Tab");
    await page.keyboard.type(DESCRIPTION);
    await page.keyboard.press("Tab");
    await page.keyboard.type("G");
    expect(await dialog.getByLabel("Area di policy").inputValue()).toBe("G");
    await expectAccessible(page);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    await page
      .getByRole("status")
      .filter({ hasText: `Obiettivo «${OBJECTIVE_1}» creato` })
      .waitFor();
    const fed = (s: { label: string; cards: string[] }, objective: string) =>
      page.getByRole("button", {
        name: `Raggruppamento «${s.label}», schede: ${s.cards.length}, alimenta «${objective}»`,
        exact: true,
      });
    await fed(one, OBJECTIVE_1).waitFor();

    // The second by selecting its cluster and the toolbar's button, filed under a policy area.
    await clusterFrame(page, two.label, two.cards.length).click();
    await page.getByText("Selezionati: 1").waitFor();
    await page.getByRole("button", { name: "Promuovi a obiettivo (1)" }).click();
    dialog = page.getByRole("dialog", { name: "Nuovo obiettivo" });
    await dialog.waitFor();
    await dialog.getByLabel("Titolo dell'obiettivo").fill(OBJECTIVE_2);
    await dialog
      .getByLabel("Area di policy")
      .selectOption({ label: "I · Interventi per la famiglia" });
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Crea l'obiettivo" }).click();
    await dialog.waitFor({ state: "detached" });
    await page
      .getByRole("status")
      .filter({ hasText: `Obiettivo «${OBJECTIVE_2}» creato` })
      .waitFor();
    await fed(two, OBJECTIVE_2).waitFor();
    // The clusters not promoted feed nothing.
    for (const s of spared) await clusterFrame(page, s.label, s.cards.length).waitFor();
    await expectAccessible(page);

    // ---- The objectives page: the trace back to the cards --------------------------------------

    await page.getByRole("link", { name: "Obiettivi e azioni" }).click();
    await expectPage(page, `Obiettivi e azioni: ${MEETING}`);
    expect(new URL(page.url()).pathname).toBe(`/meetings/${meeting.id}/objectives`);
    await page.locator('.objectives[data-ready="true"]').waitFor();
    const objectives = [
      {
        section: objectiveSection(page, 1, OBJECTIVE_1),
        from: one,
        area: "G",
        description: DESCRIPTION,
      },
      { section: objectiveSection(page, 2, OBJECTIVE_2), from: two, area: "I", description: "" },
    ];
    const shownCards: string[][] = [];
    for (const { section, from, area, description } of objectives) {
      expect(await section.getByLabel("Area di policy").inputValue()).toBe(area);
      expect(await section.getByLabel("Descrizione dell'obiettivo").inputValue()).toBe(description);
      const fromPaper = from.cards.filter((text) => cardOf(idOf(text)).inPerson).length;
      await section
        .getByText(
          `Voci: ${from.cards.length} · raggruppamenti: 1` +
            (fromPaper > 0 ? ` · raccolte su carta: ${fromPaper}` : ""),
          { exact: true },
        )
        .waitFor();
      expect(
        await section
          .getByRole("list", { name: "Voci per gruppo" })
          .getByRole("listitem")
          .allTextContents(),
      ).toEqual(voiceLines(from.cards));
      // Its clusters and their cards, by keyboard.
      await pressOn(page, section.getByText("Mostra raggruppamenti e schede"), "Enter");
      const list = section.getByRole("list", { name: `Schede del raggruppamento «${from.label}»` });
      await list.waitFor();
      const texts = await cardTexts(list);
      expect(sorted(texts)).toEqual(sorted(from.cards));
      for (const text of texts) expect(await metaOf(list, text)).toBe(cardMeta(text));
      shownCards.push(texts);
    }
    // The anonymous card says nothing of who wrote it, nor of who typed the cards in.
    const anonymousList = objectives[0]!.section.getByRole("list", {
      name: `Schede del raggruppamento «${one.label}»`,
    });
    const anonymous = anonymousList.getByRole("listitem").filter({ hasText: ANONYMOUS.text });
    expect(await metaOf(anonymousList, ANONYMOUS.text)).toBe(
      `anonimo · ${GROUP_LABELS[ANONYMOUS.group]}`,
    );
    expect(await anonymous.textContent()).not.toContain(FACILITATOR);
    expect(await page.locator("main").textContent()).not.toContain(email);
    await expectAccessible(page);

    // ---- An action with an indicator under the first objective, by keyboard --------------------

    const objective = objectives[0]!.section;
    await typeInto(
      page,
      objective.getByLabel(`Titolo della nuova azione per «${OBJECTIVE_1}»`),
      ACTION,
    );
    await page.keyboard.press("Enter");
    const action = objective.getByRole("article", { name: `Azione 1: ${ACTION}` });
    await action.waitFor();
    await action
      .getByLabel("Tipo del nuovo indicatore")
      .selectOption({ label: "Outcome (cosa cambia)" });
    await typeInto(page, action.getByLabel("Misura del nuovo indicatore"), INDICATOR.measure);
    await page.keyboard.press("Enter");
    const indicator = action.getByRole("group", { name: "Indicatore 1" });
    await indicator.waitFor();
    await typeInto(page, indicator.getByLabel("Valore di partenza"), INDICATOR.baseline);
    await page.keyboard.press("Tab");
    expect(await focused(indicator.getByLabel("Valore atteso"))).toBe(true);
    await page.keyboard.type(INDICATOR.target);
    await page.keyboard.press("Tab");
    expect(await indicator.getByLabel("Misura", { exact: true }).inputValue()).toBe(
      INDICATOR.measure,
    );
    expect(await objectives[1]!.section.getByText("Nessuna azione ancora.").count()).toBe(1);
    await expectAccessible(page);

    // ---- The API says the same --------------------------------------------------------------------

    const read = async () => {
      const reply = await api(env.app, token, "GET", `/meetings/${meeting.id}/objectives`);
      expect(reply.status).toBe(200);
      return reply.json as ObjectivesView;
    };
    await until(
      "the action's indicator to reach the API",
      async () =>
        (await read()).objectives[0]?.actions[0]?.indicators[0]?.target === INDICATOR.target,
    );
    const answer = await read();
    expect(answer.objectives.map((o) => [o.title, o.description, o.policyArea?.key])).toEqual([
      [OBJECTIVE_1, DESCRIPTION, "G"],
      [OBJECTIVE_2, null, "I"],
    ]);
    expect(answer.objectives[1]!.policyArea!.label).toBe("Interventi per la famiglia");
    answer.objectives.forEach((got, i) => {
      const { from } = objectives[i]!;
      expect(got.clusterIds).toHaveLength(1);
      expect(got.clusters.map((c) => [c.id, c.label])).toEqual([[got.clusterIds[0], from.label]]);
      // The same cards as the page shows (the API lists them by id, the page in board order).
      expect(sorted(got.clusters[0]!.cardIds)).toEqual(sorted(shownCards[i]!.map(idOf)));
      expect(sorted(got.cardIds)).toEqual(sorted(shownCards[i]!.map(idOf)));
      expect(got.cardCount).toBe(from.cards.length);
      expect(got.voices).toEqual(voicesOf(from.cards));
      expect(got.inPerson).toBe(from.cards.filter((text) => cardOf(idOf(text)).inPerson).length);
    });
    expect(answer.objectives[0]!.actions).toMatchObject([
      { title: ACTION, indicators: [{ kind: "outcome", ...INDICATOR }] },
    ]);
    expect(answer.objectives[1]!.actions).toEqual([]);
    const heard = new Set([...one.cards, ...two.cards]);
    const unheard = CARDS.map((c) => c.text).filter((text) => !heard.has(text));
    expect(sorted(answer.unheardCardIds)).toEqual(sorted(unheard.map(idOf)));

    // ---- The cards no objective heard, tavolo-wide ----------------------------------------------

    const here = page.getByRole("region", { name: "Schede non accolte" });
    await here.getByText(`Schede non accolte: ${unheard.length}.`, { exact: true }).waitFor();
    await here.getByRole("link", { name: "Le schede non accolte di tutto il tavolo" }).click();
    await expectPage(page, `Schede non accolte: ${ROUNDTABLE}`);
    expect(new URL(page.url()).pathname).toBe(`/roundtables/${roundtable.id}/unheard`);
    await page
      .getByRole("heading", { name: `Schede non accolte: ${unheard.length} · incontri: 1` })
      .waitFor();
    expect(
      await page
        .getByRole("list", { name: "Schede non accolte per gruppo, in tutto il tavolo" })
        .getByRole("listitem")
        .allTextContents(),
    ).toEqual(voiceLines(unheard));
    const section = page.getByRole("region", { name: MEETING });
    expect(sorted(await cardTexts(section))).toEqual(sorted(unheard));
    // The declined suggestion's cards are loose; the unpromoted clusters' are still in them.
    for (const text of left.cards) {
      expect(await metaOf(section, text)).toBe(`${cardMeta(text)} · non raggruppata`);
    }
    for (const s of spared) {
      for (const text of s.cards) {
        expect(await metaOf(section, text)).toBe(
          `${cardMeta(text)} · nel raggruppamento «${s.label}»`,
        );
      }
    }
  }, 120_000);
});

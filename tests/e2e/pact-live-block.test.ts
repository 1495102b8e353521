import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { boardDocName } from "../../core/domain";
import { OBJECTIVES_BLOCK } from "../../core/pact/live-block";
import { addAction, createObjective, updateAction } from "../../core/sensemaking";
import { describeInBrowser, expectAccessible, serverAndBrowser } from "../support/browser";
import { signIn, tavoloWithMember } from "../support/flows";
import { editorCaret, openEditor, sectionText } from "../support/pact";
import { openObjectives } from "../support/sensemaking";
import { connectClient, until, wsUrl } from "../support/yjs";

const PACT = "Patto educativo di Chieri";
const MEETING = "Laboratorio giovani e famiglie";
const OBJECTIVE = "Spazi per studiare e stare insieme";
const TABLE = `Obiettivi e azioni di «${MEETING}»`;

/** The number a counter shows ("1.234 caratteri" → 1234). */
const shownCount = async (page: Page, title: string) => {
  const text = await page
    .getByRole("region", { name: title, exact: true })
    .locator(".pact-counter")
    .textContent();
  return Number((text ?? "").split("caratteri")[0]!.replace(/\D/g, ""));
};

/** Moves along a toolbar with the arrow keys until the button named `name` has the focus. */
async function arrowTo(page: Page, name: string) {
  for (let i = 0; i < 30; i += 1) {
    const focused = await page.evaluate(
      "document.activeElement && document.activeElement.getAttribute('aria-label')",
    );
    if (focused === name) return;
    await page.keyboard.press("ArrowRight");
  }
  throw new Error(`no toolbar button «${name}»`);
}

describeInBrowser("a live block of objectives and actions in the pact", () => {
  const env = serverAndBrowser();

  it("is inserted from the keyboard, follows the board as another person adds an action, and links each objective to its trace", async () => {
    const { services } = env.app;
    const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo educativo di Chieri",
    );
    const comune = await services.roundtables.createOrganization(facilitator, roundtable.id, {
      name: "Comune di Chieri",
      kind: "municipality",
    });
    // A later meeting, listed first (newest first): the dialog's choice matters.
    await services.meetings.create(facilitator, roundtable.id, {
      title: "Ascolto di primavera",
      kind: "listening",
      startsAt: "2027-03-01T18:00",
    });
    const meeting = await services.meetings.create(facilitator, roundtable.id, {
      title: MEETING,
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
    });
    // The board a workshop left: an objective with one action, written as the board writes.
    const token = await services.accounts.createApiToken(facilitatorEmail);
    const board = await connectClient(wsUrl(env.app), boardDocName(meeting.id), token);
    try {
      createObjective(board.doc, {
        id: "o-spazi",
        title: OBJECTIVE,
        policyArea: "G",
        clusterIds: [],
      });
      addAction(board.doc, {
        id: "a-doposcuola",
        objectiveId: "o-spazi",
        title: "Doposcuola nel quartiere",
      });
      updateAction(board.doc, "a-doposcuola", {
        responsibleOrganizationId: comune.id,
        timeline: { start: "2027-01-10", end: "2027-06-30" },
      });
      await until("the board to be stored", async () => {
        const view = await services.objectives.list(facilitator, meeting.id, "it");
        return view.objectives[0]?.actions.length === 1;
      });
    } finally {
      board.destroy();
    }
    const pact = await services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });

    // A member writes a line in «Obiettivi», then inserts the table from the toolbar by keyboard.
    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await openEditor(member, pact.id, PACT);
    const text = sectionText(member, "Obiettivi");
    await text.click();
    await member.keyboard.type("Gli obiettivi del laboratorio:");
    await member.keyboard.press("Enter");
    await member.keyboard.press("Shift+Tab");
    await arrowTo(member, "Inserisci obiettivi e azioni");
    await member.keyboard.press("Enter");
    const dialog = member.getByRole("dialog", { name: "Inserisci obiettivi e azioni" });
    await dialog.waitFor();
    const choice = dialog.getByLabel("Incontro");
    expect(await choice.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectAccessible(member);
    // Newest first: the workshop is the second meeting.
    await member.keyboard.press("ArrowDown");
    expect(await choice.inputValue()).toBe(meeting.id);
    await member.keyboard.press("Tab");
    await member.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });

    // The table shows the board's objective and its action, with the organisation and the days.
    const table = text.getByRole("table", { name: TABLE });
    const row = table.getByRole("row").filter({ hasText: "Doposcuola nel quartiere" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Comune di Chieri");
    expect(await row.textContent()).toContain("10/01/2027 – 30/06/2027");
    expect(await table.textContent()).toContain("G · Politiche giovanili e per i minori");
    await expectAccessible(member);

    // The server reads the same table into the pact, and the counter counts what it prints.
    await until("the block to reach the server", async () => {
      const read = await services.pacts.get(facilitator, pact.id);
      return read.sections.find((s) => s.key === "obiettivi")!.markdown.includes("Doposcuola");
    });
    const stored = (await services.pacts.get(facilitator, pact.id)).sections.find(
      (s) => s.key === "obiettivi",
    )!;
    await expect.poll(() => shownCount(member, "Obiettivi")).toBe(stored.characters);

    // The facilitator adds an action on the objectives page; the member's table follows it.
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openObjectives(chair, { id: meeting.id, title: MEETING });
    await expectAccessible(chair);
    await chair
      .getByLabel(`Titolo della nuova azione per «${OBJECTIVE}»`)
      .fill("Sportello genitori");
    await chair.keyboard.press("Enter");
    await table.getByRole("row").filter({ hasText: "Sportello genitori" }).waitFor();
    await expect.poll(() => shownCount(member, "Obiettivi")).toBeGreaterThan(stored.characters);

    // The objective links back to its trace on the objectives page.
    const link = table.getByRole("link", { name: new RegExp(`^${OBJECTIVE}`) });
    expect(await link.getAttribute("href")).toBe(
      `/meetings/${meeting.id}/objectives#trace-o-spazi`,
    );
    await link.click();
    await member.waitForURL(`**/meetings/${meeting.id}/objectives#trace-o-spazi`);
    await member.locator('.objectives[data-ready="true"]').waitFor();
    await expect
      .poll(() => member.evaluate("document.activeElement && document.activeElement.id"))
      .toBe("trace-o-spazi");
    await expectAccessible(member);

    // Back in the pact: the block is selected with the arrow keys and deleted as one piece.
    await openEditor(member, pact.id, PACT);
    const again = sectionText(member, "Obiettivi");
    await again.getByRole("table", { name: TABLE }).waitFor();
    await again.getByText("Gli obiettivi del laboratorio:").click();
    await member.keyboard.press("End");
    await expect
      .poll(() => editorCaret(member, "Obiettivi"))
      .toBe("Gli obiettivi del laboratorio:|");
    await member.keyboard.press("ArrowDown");
    await expect.poll(() => editorCaret(member, "Obiettivi")).toBe(OBJECTIVES_BLOCK);
    await member.keyboard.press("Backspace");
    await again.getByRole("table", { name: TABLE }).waitFor({ state: "detached" });
    expect(await again.textContent()).toContain("Gli obiettivi del laboratorio:");
    await until("the deletion to reach the server", async () => {
      const read = await services.pacts.get(facilitator, pact.id);
      return !read.sections.find((s) => s.key === "obiettivi")!.markdown.includes("Doposcuola");
    });
  }, 120_000);
});

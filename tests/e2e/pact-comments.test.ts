// Comments on the pact in the browser: a member selects a passage with the keyboard and comments
// on it, mentioning the facilitator; the facilitator sees the thread and the marked passage live,
// finds it among her mentions, replies; the mark follows the words while she types before them;
// the thread is resolved and reopened. Axe on the page with the dialog and the panel.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  visit,
  waitForHydration,
} from "../support/browser";
import { signIn, tavoloWithMember } from "../support/flows";
import { editorSelection, openEditor, sectionText } from "../support/pact";

const PACT = "Patto educativo di Chieri";
const TEXT = "Il tavolo lavora con le scuole e le famiglie del territorio.";

const panel = (page: Page) => page.getByRole("region", { name: "Commenti", exact: true });
const thread = (page: Page, text: string) => panel(page).locator(".pact-thread", { hasText: text });
const marked = (page: Page) => sectionText(page, "Premesse").locator(".comment-anchor");

describeInBrowser("comments on the pact", () => {
  const env = serverAndBrowser();

  it("anchors a thread to a passage, with a mention, a reply, resolve and reopen, seen live by both", async () => {
    const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo educativo di Chieri",
    );
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await env.app.services.pacts.putSection(facilitator, pact.id, "premesse", { markdown: TEXT });

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openEditor(chair, pact.id, PACT);
    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await openEditor(member, pact.id, PACT);
    await panel(member).getByText("Nessun commento da mostrare.").waitFor();

    // Nothing selected: the page says what to do instead of opening an empty dialog.
    await panel(member).getByRole("button", { name: "Commenta la selezione" }).click();
    await member.getByRole("status").getByText("Seleziona prima il passo").waitFor();

    // «le scuole» selected with the keyboard alone, then Ctrl+Alt+M.
    const text = sectionText(member, "Premesse");
    await text.click();
    await member.keyboard.press("Control+Home");
    for (let i = 0; i < TEXT.indexOf("le scuole"); i++) await member.keyboard.press("ArrowRight");
    for (let i = 0; i < "le scuole".length; i++) await member.keyboard.press("Shift+ArrowRight");
    await member.keyboard.press("Control+Alt+m");
    const dialog = member.getByRole("dialog", { name: "Nuovo commento" });
    await dialog.waitFor();
    await dialog.getByText("le scuole", { exact: true }).waitFor();
    await expectAccessible(member);
    // An empty comment stays in the dialog with its error.
    await dialog.getByRole("button", { name: "Commenta", exact: true }).click();
    await dialog.getByText("Campo obbligatorio.").waitFor();
    await dialog.getByLabel("Commento", { exact: true }).fill("Quali scuole? Elenchiamole tutte.");
    await dialog.getByLabel("Franca Rossi").check();
    await dialog.getByRole("button", { name: "Commenta", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await member.getByRole("status").getByText("Commento aggiunto.").waitFor();

    // Both see the thread and the marked passage without a reload.
    for (const page of [member, chair]) {
      await thread(page, "Quali scuole? Elenchiamole tutte.").getByText("Marco Bianchi").waitFor();
      await thread(page, "Quali scuole?").getByText("Menziona: @Franca Rossi").waitFor();
      await expect.poll(() => marked(page).allTextContents()).toEqual(["le scuole"]);
    }
    await panel(chair).getByText("Commenti aperti: 1").waitFor();

    // The facilitator finds it among her mentions and replies.
    await panel(chair).getByLabel("Filtra i commenti").selectOption({ label: "Che mi menzionano" });
    await thread(chair, "Quali scuole?").getByRole("button", { name: "Rispondi" }).click();
    await chair.getByLabel("La tua risposta").fill("La media Vittone e le due primarie.");
    await expectAccessible(chair);
    await chair.getByRole("button", { name: "Invia la risposta" }).click();
    await thread(member, "Quali scuole?")
      .getByText("La media Vittone e le due primarie.")
      .waitFor();

    // «Mostra nel testo» selects the passage; she types just before it: the mark keeps its words.
    await thread(chair, "Quali scuole?")
      .getByRole("button", { name: "Mostra nel testo: «le scuole»" })
      .click();
    await expect.poll(() => chair.evaluate("window.getSelection().toString()")).toBe("le scuole");
    await expect.poll(() => editorSelection(chair, "Premesse")).toBe("le scuole");
    // Right at the passage's start: what she types stays outside it.
    await chair.keyboard.press("ArrowLeft");
    await chair.keyboard.type("tutte ");
    for (const page of [chair, member]) {
      // The other writer's caret shows their name inside the text: left out.
      await expect
        .poll(async () =>
          (await sectionText(page, "Premesse").textContent())?.replace(
            /Franca Rossi|Marco Bianchi/g,
            "",
          ),
        )
        .toContain("con tutte le scuole");
      await expect.poll(() => marked(page).allTextContents()).toEqual(["le scuole"]);
    }

    // Resolved: gone from the open ones and from the text, kept among the resolved.
    await thread(member, "Quali scuole?").getByRole("button", { name: "Risolvi" }).click();
    await member.getByRole("status").getByText("Commento risolto.").waitFor();
    await panel(member).getByText("Commenti aperti: 0").waitFor();
    await expect.poll(() => marked(chair).count()).toBe(0);
    await panel(member).getByLabel("Filtra i commenti").selectOption({ label: "Risolti" });
    await thread(member, "Quali scuole?").getByText("Risolto da Marco Bianchi").waitFor();
    await expectAccessible(member);

    // Reopened by the facilitator: marked again for both.
    await panel(chair).getByLabel("Filtra i commenti").selectOption({ label: "Tutti" });
    await thread(chair, "Quali scuole?").getByRole("button", { name: "Riapri" }).click();
    for (const page of [chair, member]) {
      await expect.poll(() => marked(page).allTextContents()).toEqual(["le scuole"]);
    }
  }, 180_000);

  it("lets a remote contributor comment on a pact only once the facilitator opens it to them", async () => {
    const { roundtable, facilitator, facilitatorEmail } = await tavoloWithMember(
      env.app,
      "Tavolo giovani di Pinerolo",
    );
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await env.app.services.pacts.putSection(facilitator, pact.id, "premesse", { markdown: TEXT });
    const meeting = await env.app.services.meetings.create(facilitator, roundtable.id, {
      title: "Ascolto dei ragazzi",
      kind: "listening",
      startsAt: "2026-12-02T17:30",
      agenda: [{ title: "Ascolto", durationMinutes: 30, writing: true, voting: false }],
    });
    const { token } = await env.app.services.meetingInvites.create(facilitator, meeting.id, {});

    const phone = await env.browser.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await visit(phone, `/join/${token}`);
    await phone.getByLabel("Il tuo nome").fill("Giulia");
    await phone.getByRole("radio", { name: "Scuola" }).check();
    await phone.getByRole("button", { name: "Entra nell'incontro" }).click();
    await phone.getByText("Partecipi come Giulia", { exact: false }).waitFor();
    // Closed to remote comments: no link, and the pact's page is as if it did not exist.
    expect(await phone.getByRole("heading", { name: "Patti da commentare" }).count()).toBe(0);
    const closed = await phone.request.get(`/join/${token}/pacts/${pact.id}`);
    expect(closed.status()).toBe(404);

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openEditor(chair, pact.id, PACT);
    await panel(chair)
      .getByLabel("I partecipanti da remoto possono commentare questo patto")
      .check();
    await chair.getByRole("status").getByText("Ora i partecipanti da remoto").waitFor();

    await visit(phone, `/join/${token}`);
    await phone.getByRole("link", { name: PACT }).click();
    await phone.getByRole("heading", { level: 1, name: PACT }).waitFor();
    await waitForHydration(phone);
    await phone.locator('.pact-editor[data-ready="true"]').waitFor();
    await expectAccessible(phone);
    const text = phone.getByRole("textbox", { name: "Testo della sezione «Premesse»" });
    await expect.poll(() => text.textContent()).toContain("le famiglie");
    // Read only: she moves and selects with the keyboard, but typing changes nothing.
    expect(await text.getAttribute("aria-readonly")).toBe("true");
    await text.focus();
    await phone.keyboard.type("Scritto da fuori");
    await phone.keyboard.press("Backspace");
    expect(await text.textContent()).toBe(TEXT);

    // She selects «le famiglie» with the keyboard and comments on it.
    await text.focus();
    await phone.keyboard.press("Control+Home");
    for (let i = 0; i < TEXT.indexOf("le famiglie"); i++) await phone.keyboard.press("ArrowRight");
    for (let i = 0; i < "le famiglie".length; i++) await phone.keyboard.press("Shift+ArrowRight");
    await panel(phone).getByRole("button", { name: "Commenta la selezione" }).click();
    const dialog = phone.getByRole("dialog", { name: "Nuovo commento" });
    await dialog.getByText("le famiglie", { exact: true }).waitFor();
    await dialog.getByLabel("Commento", { exact: true }).fill("Anche i nonni che ci accompagnano");
    await dialog.getByRole("button", { name: "Commenta", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });

    // The facilitator sees it under the name Giulia gave, marked as remote; she answers.
    const remote = thread(chair, "Anche i nonni");
    await remote.getByText("Giulia (da remoto)").waitFor();
    await expect.poll(() => marked(chair).allTextContents()).toEqual(["le famiglie"]);
    await remote.getByRole("button", { name: "Rispondi" }).click();
    await chair.getByLabel("La tua risposta").fill("Certo, li aggiungiamo.");
    await chair.getByRole("button", { name: "Invia la risposta" }).click();
    await thread(phone, "Anche i nonni").getByText("Certo, li aggiungiamo.").waitFor();
    // A guest replies but neither resolves nor deletes.
    expect(
      await thread(phone, "Anche i nonni").getByRole("button", { name: "Risolvi" }).count(),
    ).toBe(0);
    await expectAccessible(phone);
  }, 180_000);
});

import type { Locator } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser, expectAccessible, serverAndBrowser } from "../support/browser";
import { PASSWORD, signIn, tavoloWithMember, uniqueEmail } from "../support/flows";
import { editorSelection, openEditor, sectionText } from "../support/pact";

const PACT = "Patto educativo di Chieri";
const BEFORE = "Il tavolo nasce nel 2024 a Chieri.";
/** A section's text without the other writers' carets and names shown inside it. */
const textWithoutCarets = (section: Locator) =>
  section.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy.textContent;
  });

describeInBrowser("suggestion mode in the pact editor", () => {
  const env = serverAndBrowser();

  it("lets a member propose changes that the secretary accepts and rejects", async () => {
    const { roundtable, facilitator, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo welfare di Chieri",
    );
    const secretaryEmail = uniqueEmail("segretaria");
    const secretaryUser = await env.app.services.accounts.createUser({
      email: secretaryEmail,
      name: "Sara Neri",
      password: PASSWORD,
    });
    const { token } = await env.app.services.roundtables.createInvite(facilitator, roundtable.id, {
      role: "secretary",
    });
    await env.app.services.roundtables.acceptInvite(secretaryUser, token);
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await env.app.services.pacts.putSection(facilitator, pact.id, "premesse", {
      markdown: BEFORE,
    });

    // The member turns suggestion mode on from the section's toolbar, by keyboard.
    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await openEditor(member, pact.id, PACT);
    const text = sectionText(member, "Premesse");
    await text.getByText(BEFORE).click();
    const toolbar = member.getByRole("toolbar", { name: "Formattazione della sezione «Premesse»" });
    const toggle = toolbar.getByRole("button", { name: "Suggerisci modifiche" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await member.keyboard.press("Shift+Tab");
    await member.keyboard.press("End");
    await member.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await member.getByText("Stai suggerendo modifiche").waitFor();
    // One mode for the page: every section's toggle is pressed.
    const finalita = member.getByRole("toolbar", {
      name: "Formattazione della sezione «Finalità»",
    });
    expect(
      await finalita
        .getByRole("button", { name: "Suggerisci modifiche" })
        .getAttribute("aria-pressed"),
    ).toBe("true");

    // A sentence added at the end, and «nel 2024 » struck.
    await text.click();
    await member.keyboard.press("End");
    await member.keyboard.type(" Con le scuole.", { delay: 10 });
    const inserted = text.locator("ins", { hasText: "Con le scuole." });
    await inserted.waitFor();
    expect(await inserted.getAttribute("title")).toMatch(/^Aggiunta proposta da Marco Bianchi, /);
    await member.keyboard.press("Home");
    for (let i = 0; i < "Il tavolo nasce ".length; i++) await member.keyboard.press("ArrowRight");
    for (let i = 0; i < "nel 2024 ".length; i++) await member.keyboard.press("Shift+ArrowRight");
    await expect.poll(() => editorSelection(member, "Premesse")).toBe("nel 2024 ");
    await member.keyboard.press("Backspace");
    const struck = text.locator("del");
    await expect.poll(() => struck.textContent()).toBe("nel 2024 ");
    expect(await struck.getAttribute("title")).toMatch(
      /^Cancellazione proposta da Marco Bianchi, /,
    );
    // Nothing is lost: the struck words are still in the section.
    expect(await text.textContent()).toBe(`${BEFORE} Con le scuole.`);

    // The member sees the proposals listed, without a way to settle them.
    const memberPanel = member.getByRole("region", { name: "Suggerimenti in sospeso (2)" });
    await memberPanel.getByText("Aggiunta di Marco Bianchi").waitFor();
    await memberPanel.getByText("Solo la segreteria e chi facilita").waitFor();
    expect(await memberPanel.getByRole("button", { name: "Accetta", exact: true }).count()).toBe(0);
    // «Vai» selects the proposal in the text.
    await memberPanel
      .getByRole("listitem")
      .filter({ hasText: "Cancellazione di Marco Bianchi" })
      .getByRole("button", { name: "Vai" })
      .click();
    await expect.poll(() => member.evaluate("window.getSelection().toString()")).toBe("nel 2024 ");

    // The secretary, in another browser, sees them with the member's name and settles them.
    const secretary = await env.browser.newPage();
    await signIn(secretary, secretaryEmail);
    await openEditor(secretary, pact.id, PACT);
    await secretary.getByRole("region", { name: "Suggerimenti in sospeso (2)" }).waitFor();
    // The panel's name follows its count as proposals are settled.
    const panel = secretary.getByRole("region", { name: /^Suggerimenti in sospeso/ });
    const insertion = panel.getByRole("listitem").filter({ hasText: "Aggiunta di Marco Bianchi" });
    const deletion = panel
      .getByRole("listitem")
      .filter({ hasText: "Cancellazione di Marco Bianchi" });
    expect(await insertion.textContent()).toContain("Con le scuole.");
    expect(await deletion.textContent()).toContain("nel 2024");
    expect(await insertion.locator("time").count()).toBe(1);
    await expectAccessible(secretary);

    await insertion.getByRole("button", { name: "Accetta", exact: true }).click();
    await secretary
      .getByRole("status")
      .filter({ hasText: "Accettata: Aggiunta di Marco Bianchi." })
      .waitFor({ state: "attached" });
    await deletion.getByRole("button", { name: "Rifiuta", exact: true }).click();
    await secretary
      .getByRole("status")
      .filter({ hasText: "Rifiutata: Cancellazione di Marco Bianchi." })
      .waitFor({ state: "attached" });
    await secretary.getByRole("region", { name: "Suggerimenti in sospeso (0)" }).waitFor();

    // Both see the settled text, with no proposal left; the server holds it too.
    const after = `${BEFORE} Con le scuole.`;
    for (const page of [member, secretary]) {
      const section = sectionText(page, "Premesse");
      await expect.poll(() => section.locator("ins, del").count()).toBe(0);
      expect(await textWithoutCarets(section)).toBe(after);
    }
    await expect
      .poll(async () => {
        const view = await env.app.services.pacts.get(facilitator, pact.id);
        return view.sections.find((s) => s.key === "premesse")?.markdown;
      })
      .toBe(after);
    await expectAccessible(secretary);
  }, 120_000);

  it("lets a reviewer accept every proposal of a section at once", async () => {
    const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo welfare di Chieri",
    );
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await env.app.services.pacts.putSection(facilitator, pact.id, "finalita", {
      markdown: "Ridurre la dispersione.",
    });

    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await openEditor(member, pact.id, PACT);
    const text = sectionText(member, "Finalità");
    await text.getByText("Ridurre la dispersione.").click();
    await member
      .getByRole("toolbar", { name: "Formattazione della sezione «Finalità»" })
      .getByRole("button", { name: "Suggerisci modifiche" })
      .click();
    await member.keyboard.press("End");
    // Backspace strikes the full stop, the caret stays before it, and typing goes there.
    await member.keyboard.press("Backspace");
    await member.keyboard.type(" scolastica.", { delay: 10 });
    await text.locator("del", { hasText: "." }).waitFor();
    await text.locator("ins", { hasText: "scolastica." }).waitFor();

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openEditor(chair, pact.id, PACT);
    await chair
      .getByRole("button", { name: "Accetta tutte le proposte della sezione «Finalità»" })
      .click();
    await chair
      .getByRole("status")
      .filter({ hasText: "Accettate tutte le proposte della sezione «Finalità»." })
      .waitFor({ state: "attached" });
    for (const page of [member, chair]) {
      await expect
        .poll(() => textWithoutCarets(sectionText(page, "Finalità")))
        .toBe("Ridurre la dispersione scolastica.");
    }
  }, 120_000);
});

import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser, expectAccessible, serverAndBrowser } from "../support/browser";
import { expectPage, PASSWORD, signIn, tavoloWithMember, uniqueEmail } from "../support/flows";
import { openEditor, sectionText } from "../support/pact";

const PACT = "Proposta per il bando welfare 2026";

const sectionRegion = (page: Page, title: string): Locator =>
  page.getByRole("region", { name: title, exact: true });

/** A paragraph of realistic length: about 100 characters. */
const SENTENCE =
  "Il consorzio ha gestito per tre anni lo spazio compiti con le scuole e le famiglie del territorio. ";

describeInBrowser("the pact editor", () => {
  const env = serverAndBrowser();

  it("lets two members write the same section at once, and flags a section over its limit", async () => {
    const { roundtable, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo welfare di Chieri",
    );

    // The facilitator makes the pact from the roundtable page, with the regional form's template.
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await chair.goto(`/roundtables/${roundtable.id}`);
    await expectPage(chair, "Tavolo welfare di Chieri");
    await chair.getByRole("link", { name: "Tutti i patti" }).click();
    await expectPage(chair, "Patti del tavolo");
    await chair.getByLabel("Titolo del patto").fill(PACT);
    await chair.getByLabel(/^Modello/).selectOption({ label: "Schema proposta migliorativa" });
    await chair.getByRole("button", { name: "Crea il patto" }).click();
    await chair.getByRole("heading", { level: 1, name: PACT }).waitFor();
    const pactId = new URL(chair.url()).pathname.split("/")[2]!;
    await openEditor(chair, pactId, PACT);
    // Guidance under each title, and the limit of the limited ones.
    const experience = sectionRegion(
      chair,
      "Esperienza pregressa in relazione agli obiettivi progettuali",
    );
    await experience.getByText("Che cosa i partner hanno già fatto").waitFor();
    await experience.getByText("Limite: 3500 caratteri, spazi inclusi.").waitFor();

    const member = await env.browser.newPage();
    await signIn(member, memberEmail);
    await openEditor(member, pactId, PACT);

    // Both click into «Obiettivo generale»: each sees the other in the outline and their caret.
    await sectionText(chair, "Obiettivo generale").click();
    await sectionText(member, "Obiettivo generale").click();
    await chair
      .getByRole("navigation", { name: "Indice del patto" })
      .getByText("Sta scrivendo: Marco Bianchi")
      .waitFor();
    await member
      .getByRole("navigation", { name: "Indice del patto" })
      .getByText("Sta scrivendo: Franca Rossi")
      .waitFor();

    // They type at the same time; both end up with both sentences.
    const mine = "Scuole aperte il pomeriggio per tutte le famiglie.";
    const theirs = "Le famiglie scelgono insieme alle scuole.";
    await Promise.all([
      chair.keyboard.type(mine, { delay: 15 }),
      member.keyboard.type(theirs, { delay: 15 }),
    ]);
    for (const page of [chair, member]) {
      const text = sectionText(page, "Obiettivo generale");
      await expect.poll(() => text.textContent()).toContain(mine);
      await expect.poll(() => text.textContent()).toContain(theirs);
    }
    await chair.locator(".collaboration-carets__label", { hasText: "Marco Bianchi" }).waitFor();
    await expectAccessible(chair);

    // «Esperienza pregressa» may hold 3500 characters: near at 90 %, an error beyond.
    const title = "Esperienza pregressa in relazione agli obiettivi progettuali";
    await sectionText(chair, title).click();
    await chair.keyboard.insertText(SENTENCE.repeat(33));
    const counter = sectionRegion(chair, title).locator(".pact-counter");
    await expect.poll(() => counter.getAttribute("data-state")).toBe("near");
    await chair.keyboard.insertText(SENTENCE.repeat(3));
    await expect.poll(() => counter.getAttribute("data-state")).toBe("over");
    expect(await counter.textContent()).toMatch(
      /3\.?5\d\d di 3\.?500 caratteri · oltre il limite di \d+/,
    );
    // Said politely to screen readers, and the pact cannot go to the vote.
    await chair
      .getByRole("status")
      .filter({ hasText: `La sezione «${title}» supera il limite` })
      .waitFor({ state: "attached" });
    const vote = chair.getByRole("button", { name: "Invia al voto" });
    expect(await vote.isDisabled()).toBe(true);
    await chair.getByText(`sezioni oltre il limite: «${title}»`).waitFor();
    await expectAccessible(chair);

    // The member's counter says the same: the count follows the shared text.
    await expect
      .poll(() => sectionRegion(member, title).locator(".pact-counter").getAttribute("data-state"))
      .toBe("over");
    expect(await member.getByRole("button", { name: "Invia al voto" }).isDisabled()).toBe(true);
  }, 120_000);

  it("formats from the keyboard, checks links, inserts footnotes and cleans what Word pastes", async () => {
    const { roundtable, facilitator, facilitatorEmail } = await tavoloWithMember(
      env.app,
      "Tavolo welfare di Chieri",
    );
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await openEditor(chair, pact.id, PACT);
    const text = sectionText(chair, "Premesse");
    await text.click();
    await chair.keyboard.type("Il tavolo nasce nel 2024");

    // Shift+Tab from the text reaches the toolbar (one tab stop); arrows move inside it.
    const toolbar = chair.getByRole("toolbar", { name: "Formattazione della sezione «Premesse»" });
    await chair.keyboard.press("Shift+Tab");
    expect(await toolbar.evaluate((t) => t.contains(document.activeElement))).toBe(true);
    await chair.keyboard.press("End");
    await chair.keyboard.press("Home");
    await chair.keyboard.press("ArrowRight");
    expect(await chair.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "Titolo di livello 2",
    );
    await chair.keyboard.press("Enter");
    await text.getByRole("heading", { level: 2, name: "Il tavolo nasce nel 2024" }).waitFor();

    // A link: a bad address is refused with a message, a good one goes in.
    await text.click();
    await chair.keyboard.press("End");
    await chair.keyboard.press("Enter");
    await toolbar.getByRole("button", { name: "Collegamento" }).click();
    const linkDialog = chair.getByRole("dialog", { name: "Collegamento" });
    await linkDialog.getByLabel(/^Indirizzo/).fill("javascript:alert(1)");
    await linkDialog.getByRole("button", { name: "Applica" }).click();
    await linkDialog.getByText("Scrivi un indirizzo che cominci con https://").waitFor();
    await expectAccessible(chair);
    await linkDialog.getByLabel(/^Indirizzo/).fill("https://www.regione.piemonte.it/");
    await linkDialog.getByRole("button", { name: "Applica" }).click();
    await linkDialog.waitFor({ state: "detached" });
    await text.getByRole("link", { name: "https://www.regione.piemonte.it/" }).waitFor();

    // A footnote: a numbered superscript whose name is its text.
    await toolbar.getByRole("button", { name: "Nota a piè di pagina" }).click();
    const noteDialog = chair.getByRole("dialog", { name: "Nota a piè di pagina" });
    await noteDialog.getByLabel("Testo della nota").fill("Delibera di giunta n. 12/2024.");
    await noteDialog.getByRole("button", { name: "Inserisci la nota" }).click();
    await text.getByRole("note", { name: "Nota: Delibera di giunta n. 12/2024." }).waitFor();

    // Word's clipboard: its numbered paragraphs arrive as a list, its styles and markers do not.
    await text.click();
    await chair.keyboard.press("Control+End");
    await text.evaluate((element) => {
      const data = new DataTransfer();
      data.setData(
        "text/html",
        `<html><head><style>p.MsoNormal{margin:0}</style></head><body><!--StartFragment-->
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Mappatura dei servizi<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><b>Formazione</b> degli operatori<o:p></o:p></p>
<!--EndFragment--></body></html>`,
      );
      data.setData("text/plain", "1. Mappatura dei servizi\n2. Formazione degli operatori");
      element.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    const list = text.locator("ol");
    await list.waitFor();
    expect(await list.locator("li").allTextContents()).toEqual([
      "Mappatura dei servizi",
      "Formazione degli operatori",
    ]);
    expect(await list.locator("strong").textContent()).toBe("Formazione");
    expect(await text.innerHTML()).not.toMatch(/mso-|Mso|1\.\s/);
    await expectAccessible(chair);
  }, 120_000);

  it("shows an observer the pact as it is written, without a way to change it", async () => {
    const { roundtable, facilitator } = await tavoloWithMember(env.app, "Tavolo welfare di Chieri");
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "piano-di-zona",
    });
    await env.app.services.pacts.putSection(facilitator, pact.id, "governance", {
      markdown: "## Ufficio di Piano\n\nCoordina il **tavolo tecnico**.",
    });
    const observerEmail = uniqueEmail("osservatore");
    const observer = await env.app.services.accounts.createUser({
      email: observerEmail,
      name: "Olga Verdi",
      password: PASSWORD,
    });
    const { token } = await env.app.services.roundtables.createInvite(facilitator, roundtable.id, {
      role: "observer",
    });
    await env.app.services.roundtables.acceptInvite(observer, token);

    const page = await env.browser.newPage();
    await signIn(page, observerEmail);
    await openEditor(page, pact.id, PACT);
    await page.getByText("Puoi leggere il patto ma non modificarlo.").waitFor();
    const text = sectionText(page, "Governance del Piano di Zona");
    await text.getByRole("heading", { level: 2, name: "Ufficio di Piano" }).waitFor();
    expect(await text.getAttribute("contenteditable")).toBe("false");
    expect(await text.getAttribute("aria-readonly")).toBe("true");
    expect(await page.getByRole("toolbar").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Invia al voto" }).count()).toBe(0);

    // What the secretary imports later appears in the open page.
    await env.app.services.pacts.putSection(facilitator, pact.id, "governance", {
      markdown: "Coordina l'Ufficio di Piano.",
    });
    await expect.poll(() => text.textContent()).toBe("Coordina l'Ufficio di Piano.");
  }, 60_000);

  it("makes named versions and shows what changed between them, word by word", async () => {
    const { roundtable, facilitator, facilitatorEmail } = await tavoloWithMember(
      env.app,
      "Tavolo welfare di Chieri",
    );
    const pact = await env.app.services.pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await env.app.services.pacts.putSection(facilitator, pact.id, "finalita", {
      markdown: "Il patto vuole ridurre la dispersione scolastica nel territorio.",
    });

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await chair.goto(`/pacts/${pact.id}/versions`);
    await expectPage(chair, `Versioni di «${PACT}»`);
    await chair.getByText("Nessuna versione salvata.").waitFor();
    await chair.getByLabel(/^Nome della versione/).fill("Prima bozza");
    await chair.getByRole("button", { name: "Salva la versione" }).click();
    await chair.getByRole("status").filter({ hasText: "Versione 1 salvata." }).waitFor();
    await expectAccessible(chair);

    // An edit in the editor: the word "scolastica" becomes "scolastica e sociale".
    await openEditor(chair, pact.id, PACT);
    const text = sectionText(chair, "Finalità");
    await text.getByText("scolastica").click();
    await chair.keyboard.press("End");
    await chair.keyboard.press("ArrowLeft"); // before the final full stop
    await chair.keyboard.type(" e dei ragazzi più fragili", { delay: 5 });
    await expect.poll(() => text.textContent()).toContain("dei ragazzi più fragili.");
    // What the server holds is what the next version freezes.
    await expect
      .poll(async () => {
        const view = await env.app.services.pacts.get(facilitator, pact.id);
        return view.sections.find((s) => s.key === "finalita")?.markdown;
      })
      .toContain("dei ragazzi più fragili");

    await chair.getByRole("link", { name: "Versioni e differenze" }).click();
    await expectPage(chair, `Versioni di «${PACT}»`);
    await chair.getByLabel(/^Nome della versione/).fill("Seconda bozza");
    await chair.getByRole("button", { name: "Salva la versione" }).click();
    await chair.getByRole("status").filter({ hasText: "Versione 2 salvata." }).waitFor();
    await expectAccessible(chair);

    // Compare: by default the newest against the one before.
    await chair.getByRole("button", { name: "Confronta" }).click();
    const diff = chair.getByRole("region", { name: "Dalla versione 1 alla versione 2" });
    await diff.waitFor();
    const finalita = diff.getByRole("region", { name: /^Finalità/ });
    expect(await finalita.locator("ins").textContent()).toContain("dei ragazzi più fragili");
    expect(await finalita.textContent()).toContain("modificata");
    expect(await diff.getByRole("region", { name: /^Premesse/ }).textContent()).toContain(
      "invariata",
    );
    await expectAccessible(chair);
  }, 120_000);
});

// The history page in Chromium: a member types in the editor, the facilitator saves a version,
// the history (reached from the editor) names both by day; filters and "Carica altri" by keyboard.
import { expect, it } from "vitest";
import { describeInBrowser, expectAccessible, serverAndBrowser } from "../support/browser";
import { expectPage, signIn, tavoloWithMember } from "../support/flows";
import { openEditor, sectionText } from "../support/pact";

const PACT = "Patto educativo di Chieri";

describeInBrowser("the pact's history", () => {
  const env = serverAndBrowser();

  it("names who wrote in which section and who saved a version, and loads older entries", async () => {
    const { roundtable, facilitator, member, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo educativo di Chieri",
    );
    const { pacts } = env.app.services;
    const pact = await pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    // Older imports, enough for a second page (seeded: what matters here is the page).
    const lastWeek = Date.now() - 7 * 24 * 3600_000;
    await env.app.db
      .insertInto("pact_edits")
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          pact_id: pact.id,
          user_id: facilitator.userId,
          author_name: facilitator.name,
          section_key: "durata",
          source: "import" as const,
          started_at: new Date(lastWeek - i * 60_000),
          ended_at: new Date(lastWeek - i * 60_000),
          updates: 1,
        })),
      )
      .execute();

    const page = await env.browser.newPage();
    await signIn(page, memberEmail);
    await openEditor(page, pact.id, PACT);
    const sentence = "Il tavolo si riunisce ogni mese.";
    await sectionText(page, "Premesse").click();
    await page.keyboard.type(sentence, { delay: 10 });
    await expect
      .poll(async () => (await pacts.get(member, pact.id)).sections[0]!.markdown)
      .toBe(sentence);
    await pacts.createVersion(facilitator, pact.id, { label: "Bozza per l'incontro" });

    await page.getByRole("link", { name: "Cronologia delle modifiche" }).click();
    await expectPage(page, `Cronologia di «${PACT}»`);
    const list = page.getByRole("region", { name: "Modifiche" });
    const entries = list.getByRole("listitem");
    await expect.poll(() => entries.count()).toBe(50);
    await expect
      .poll(() => entries.nth(0).textContent())
      .toContain("Franca Rossi ha salvato la versione 1: «Bozza per l'incontro»");
    await expect
      .poll(() => entries.nth(1).textContent())
      .toMatch(/Marco Bianchi ha scritto nella sezione «Premesse».*\d+ modifiche/);
    // Entries under the day they happened, in Italian.
    const today = new Intl.DateTimeFormat("it", {
      dateStyle: "full",
      timeZone: "Europe/Rome",
    }).format(new Date());
    await list.getByRole("heading", { level: 3, name: today }).waitFor();

    // "Carica altri" by keyboard: the older entries come in below, the focus on the first of them.
    const more = page.getByRole("link", { name: "Carica altri" });
    await more.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => entries.count()).toBe(57);
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('data-entry')"))
      .toBe("50");
    await page.getByText("Caricate altre 7 voci.").waitFor();
    await page.getByText("Non ci sono voci più vecchie.").waitFor();
    await expect
      .poll(() => entries.nth(56).textContent())
      .toContain("Franca Rossi ha importato testo nella sezione «Durata»");
    await expectAccessible(page);

    // Only what Marco did.
    await page.getByLabel(/^Persona/).selectOption({ label: "Marco Bianchi" });
    await page.getByRole("button", { name: "Applica i filtri" }).click();
    await page.waitForURL(/person=/);
    await expect.poll(() => entries.count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel(/^Sezione/).selectOption({ label: "Durata" });
    await page.getByRole("button", { name: "Applica i filtri" }).click();
    await page.waitForURL(/section=durata/);
    await page.getByText("Nessuna modifica corrisponde ai filtri scelti.").waitFor();
    await expectAccessible(page);

    // Back to everything, the choices reset with it.
    await page.getByRole("link", { name: "Mostra tutto" }).click();
    await expect.poll(() => entries.count()).toBe(50);
    await expect.poll(() => page.getByLabel(/^Persona/).inputValue()).toBe("");
  });
});

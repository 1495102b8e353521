import { expect, it } from "vitest";
import {
  describeInBrowser,
  serverAndBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  waitForHydration,
} from "../support/browser";
import { addOrganization, createRoundtable, expectPage, signedInUser } from "../support/flows";

describeInBrowser("tavoli and meetings through the pages", () => {
  const env = serverAndBrowser();

  it("creates a tavolo, adds an organisation and shows empty meetings and pacts", async () => {
    const page = await env.browser.newPage();
    await signedInUser(env.app, page);
    await page.getByRole("main").getByRole("link", { name: "Nuovo tavolo" }).click();
    await expectPage(page, "Nuovo tavolo");

    await createRoundtable(page, {
      name: "Tavolo educativo di Chieri",
      territory: "Ambito territoriale di Chieri (n. 25)",
      description: "Scuole, comune e associazioni per il patto educativo.",
    });
    const main = page.getByRole("main");
    expect(await main.textContent()).toContain("Ambito territoriale di Chieri (n. 25)");
    expect(await main.getByText("Il tuo ruolo").textContent()).toContain("facilitatore");

    const meetings = page.getByRole("region", { name: "Incontri" });
    expect(await meetings.textContent()).toContain("Nessun incontro in programma.");
    const pacts = page.getByRole("region", { name: "Patti" });
    expect(await pacts.textContent()).toContain("Nessun patto ancora.");
    const organizations = page.getByRole("region", { name: "Enti" });
    expect(await organizations.textContent()).toContain("Nessun ente ancora.");

    await addOrganization(page, "Comune di Chieri", "Comune");
    expect(await organizations.getByRole("listitem").allTextContents()).toEqual([
      "Comune di Chieri Comune",
    ]);
    expect(await organizations.textContent()).not.toContain("Nessun ente ancora.");
    // The form is emptied for the next one.
    expect(await organizations.getByLabel("Nome dell'ente").inputValue()).toBe("");

    // The new tavolo is listed on the home page.
    await page.getByRole("link", { name: "I miei tavoli" }).click();
    await expectPage(page, "I tuoi tavoli");
    await main.getByRole("link", { name: "Tavolo educativo di Chieri" }).click();
    await expectPage(page, "Tavolo educativo di Chieri");
  });

  it("creates a meeting with two agenda items and shows its agenda and total duration", async () => {
    const page = await env.browser.newPage();
    await signedInUser(env.app, page);
    await createRoundtable(page, { name: "Tavolo giovani", territory: "Comune di Pinerolo" });
    await page.getByRole("link", { name: "Nuovo incontro" }).click();
    await expectPage(page, "Nuovo incontro");

    // A full load: the page comes with a strict policy, scripts run only with its nonce.
    const response = await page.reload();
    await expectPage(page, "Nuovo incontro");
    const policy = response!.headers()["content-security-policy"] ?? "";
    const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce).toBeTruthy();
    const scriptNonces = await page.evaluate(() =>
      [...document.querySelectorAll("script")].map((script) => script.nonce),
    );
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    await waitForHydration(page);

    // The agenda rows live in the browser: adding and removing them proves the page hydrated
    // under the strict Content-Security-Policy (only scripts carrying the nonce may run).
    const agenda = page.getByRole("group", { name: "Ordine del giorno" });
    const titles = agenda.getByRole("textbox", { name: /^Titolo del punto/ });
    // A workshop's usual steps are offered, each editable.
    expect(
      await titles.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual([
      "Accoglienza",
      "Ascolto",
      "Raggruppamento",
      "Obiettivi",
      "Azioni",
      "Priorità",
      "Chiusura",
    ]);
    const opens6 = agenda.getByRole("group", { name: "Cosa apre il punto 6" });
    expect(await opens6.getByRole("checkbox", { name: "Voto" }).isChecked()).toBe(true);
    await agenda.getByRole("button", { name: "Aggiungi un punto" }).click();
    await agenda.getByLabel("Titolo del punto 8").waitFor();
    expect(await titles.count()).toBe(8);
    await expectAccessible(page);
    for (const n of [8, 7, 6, 5, 4, 3]) {
      await agenda.getByRole("button", { name: `Togli il punto ${n}` }).click();
    }
    await expect.poll(() => titles.count()).toBe(2);
    // The second step opens voting too (ticked here), and no longer editing.
    const opens2 = agenda.getByRole("group", { name: "Cosa apre il punto 2" });
    await opens2.getByRole("checkbox", { name: "Voto" }).check();
    await opens2.getByRole("checkbox", { name: "Modifica della lavagna" }).uncheck();

    await page.getByLabel("Titolo", { exact: true }).fill("Laboratorio sulle priorità");
    await page.getByLabel("Tipo di incontro").selectOption({ label: "Laboratorio" });
    await page.getByLabel("Data e ora").fill("2026-12-01T18:00");
    await page.getByLabel(/^Luogo/).fill("Biblioteca civica");
    await agenda.getByLabel("Titolo del punto 1").fill("Accoglienza e presentazioni");
    await agenda.getByLabel("Durata del punto 1 (minuti)").fill("15");
    await agenda.getByLabel("Titolo del punto 2").fill("Lavoro a gruppi");
    await agenda.getByLabel("Durata del punto 2 (minuti)").fill("60");
    await agenda.getByText("Durata totale: 75 minuti").waitFor();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Crea l'incontro" }).click();
    await expectPage(page, "Laboratorio sulle priorità");
    expect(new URL(page.url()).pathname).toMatch(/^\/meetings\//);
    const facts = await page.locator("dl.facts").textContent();
    expect(facts).toContain("Laboratorio");
    expect(facts).toContain("1 dicembre 2026");
    expect(facts).toContain("18:00");
    expect(facts).toContain("Biblioteca civica");
    const agendaSection = page.getByRole("region", { name: "Ordine del giorno" });
    expect(await agendaSection.getByRole("listitem").allTextContents()).toEqual([
      "Accoglienza e presentazioni — 15 min",
      "Lavoro a gruppi — 60 min",
    ]);
    expect(await agendaSection.textContent()).toContain("Durata totale: 75 minuti");
    expectNoConsoleErrors(page);

    // Back on the tavolo, the meeting is listed.
    await page.getByRole("link", { name: "← Tavolo giovani" }).click();
    await expectPage(page, "Tavolo giovani");
    const meetings = page.getByRole("region", { name: "Incontri" });
    expect(await meetings.getByRole("link").first().textContent()).toBe(
      "Laboratorio sulle priorità",
    );
  });
});

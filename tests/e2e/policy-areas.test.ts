import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  waitForHydration,
} from "../support/browser";
import { PASSWORD, signIn, uniqueEmail } from "../support/flows";

describeInBrowser("a tavolo's policy areas", () => {
  const env = serverAndBrowser();

  it("start as the macro-areas A–J, become the tavolo's own list with errors kept in place, are read-only to observers, and go back to the default", async () => {
    const { services } = env.app;
    const person = async (label: string, name: string) => {
      const email = uniqueEmail(label);
      const actor = await services.accounts.createUser({ email, name, password: PASSWORD });
      return { email, actor };
    };
    const chair = await person("facilitatrice-aree", "Franca Rossi");
    const observer = await person("osservatore-aree", "Oreste Verdi");
    const roundtable = await services.roundtables.create(chair.actor, {
      name: "Tavolo delle politiche sociali",
      territory: "Ambito di Suzzara",
    });
    const { token } = await services.roundtables.createInvite(chair.actor, roundtable.id, {
      role: "observer",
    });
    await services.roundtables.acceptInvite(observer.actor, token);

    const page = await env.browser.newPage();
    await signIn(page, chair.email);
    await page.goto(`/roundtables/${roundtable.id}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Aree di policy" }).click();
    await page.getByRole("heading", { level: 1, name: "Aree di policy" }).waitFor();
    await waitForHydration(page);
    await page.getByText("Sono in uso le aree predefinite.").waitFor();
    const rows = page.getByRole("group", { name: /^Area \d+$/ });
    expect(await rows.count()).toBe(10);
    expect(await page.getByLabel("Codice").first().inputValue()).toBe("A");
    expect(await page.getByLabel("Nome").nth(6).inputValue()).toBe(
      "Politiche giovanili e per i minori",
    );
    await expectAccessible(page);

    // Keep three areas: remove the rest from the end, by keyboard.
    for (let n = 10; n > 3; n -= 1) {
      await page.getByRole("button", { name: `Togli l'area ${n}` }).focus();
      await page.keyboard.press("Enter");
    }
    expect(await rows.count()).toBe(3);
    // A new area whose code has a space (the server answers the form with a 400), and one that repeats a code: refused, nothing lost.
    await page.getByRole("button", { name: "Aggiungi un'area" }).click();
    const fourth = page.getByRole("group", { name: "Area 4" });
    await expect
      .poll(() => fourth.getByLabel("Codice").evaluate((e) => e === document.activeElement))
      .toBe(true);
    await page.keyboard.type("S 1");
    allowHttpErrorStatus(page, 400);
    await fourth.getByLabel("Nome").fill("Scuola aperta");
    await page.getByRole("button", { name: "Salva le aree" }).click();
    await fourth
      .getByText("Il codice dell'area ha da 1 a 12 lettere, cifre, punti o trattini.")
      .waitFor();
    expect(await fourth.getByLabel("Nome").inputValue()).toBe("Scuola aperta");
    expect(await fourth.getByLabel("Codice").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    await fourth.getByLabel("Codice").fill("A");
    await page.getByRole("button", { name: "Salva le aree" }).click();
    await page.getByText("Ogni area deve avere un codice diverso.").waitFor();

    await fourth.getByLabel("Codice").fill("S1");
    await page.getByRole("button", { name: "Salva le aree" }).click();
    await page.getByText("Aree di policy salvate.").waitFor();
    await page.getByText("Il tavolo usa aree proprie.").waitFor();
    expect((await services.objectives.policyAreas(chair.actor, roundtable.id, "it")).areas).toEqual(
      [
        { key: "A", label: "Contrasto alla povertà e all'emarginazione sociale" },
        { key: "B", label: "Politiche abitative" },
        { key: "C", label: "Promozione inclusione attiva" },
        { key: "S1", label: "Scuola aperta" },
      ],
    );

    // An observer reads the list and cannot change it.
    const observing = await env.browser.newPage();
    await signIn(observing, observer.email);
    await observing.goto(`/roundtables/${roundtable.id}/policy-areas`);
    await observing.getByText("Solo chi facilita il tavolo può cambiare le aree.").waitFor();
    await observing.getByRole("cell", { name: "Scuola aperta" }).waitFor();
    expect(await observing.getByRole("button", { name: "Salva le aree" }).count()).toBe(0);
    await expectAccessible(observing);

    // Back to the default.
    await page.getByRole("button", { name: "Torna alle aree predefinite" }).click();
    await page.getByText("Tornate le aree predefinite.").waitFor();
    await page.getByText("Sono in uso le aree predefinite.").waitFor();
    expect(await rows.count()).toBe(10);
  });
});

import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  serverAndBrowser,
  expectAccessible,
  tabTo,
  visit,
  waitForHydration,
} from "../support/browser";
import { expectPage, PASSWORD, signedInUser, uniqueEmail } from "../support/flows";

const isFocused = (target: Locator) =>
  target.evaluate((element) => element === document.activeElement);

/** Tabs to a field and types into it, as a person at a keyboard would. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

describeInBrowser("using Tavolo with the keyboard only", () => {
  const env = serverAndBrowser();

  it("signs in using only the keyboard", async () => {
    const email = uniqueEmail();
    await env.app.services.accounts.createUser({
      email,
      name: "Irene Cravero",
      password: PASSWORD,
    });
    const page = await env.browser.newPage();
    await visit(page, "/");
    await waitForHydration(page);

    await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Accedi" }));
    await page.keyboard.press("Enter");
    await expectPage(page, "Accedi");
    // As after a full page load, the focus starts again at the page's content.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");

    await typeInto(page, page.getByLabel("Email"), email);
    await typeInto(page, page.getByLabel("Password", { exact: true }), PASSWORD);
    await page.keyboard.press("Enter");
    await expectPage(page, "I tuoi tavoli");
    expect(await page.getByRole("navigation").getByRole("button", { name: "Esci" }).count()).toBe(
      1,
    );

    // And out again, still by keyboard.
    await page.locator("body").focus();
    await tabTo(page, page.getByRole("navigation").getByRole("button", { name: "Esci" }));
    await page.keyboard.press("Enter");
    await page.getByRole("navigation").getByRole("link", { name: "Accedi" }).waitFor();
    await expectAccessible(page);
  });

  it("offers a skip link that moves the focus to the main content", async () => {
    const page = await env.browser.newPage();
    await visit(page, "/login");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Vai al contenuto" });
    expect(await isFocused(skip)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // The next Tab lands inside the main content, past the header.
    await page.keyboard.press("Tab");
    expect(
      await page.evaluate(() => document.querySelector("main")!.contains(document.activeElement)),
    ).toBe(true);
  });

  it("switches the language with the keyboard", async () => {
    const page = await env.browser.newPage();
    await visit(page, "/login");
    await waitForHydration(page);
    await tabTo(page, page.getByRole("button", { name: "English" }));
    await page.keyboard.press("Enter");
    await expectPage(page, "Sign in");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    // Same page, so the focus stays on the switcher.
    expect(await isFocused(page.getByRole("button", { name: "English" }))).toBe(true);

    await tabTo(page, page.getByRole("button", { name: "Italiano" }));
    await page.keyboard.press("Space");
    await expectPage(page, "Accedi");
    expect(await page.locator("html").getAttribute("lang")).toBe("it");
  });

  it("creates a tavolo and an organisation, and adds agenda rows, with the keyboard", async () => {
    const page = await env.browser.newPage();
    allowHttpErrorStatus(page, 400);
    await signedInUser(env.app, page);
    await waitForHydration(page);
    await tabTo(page, page.getByRole("main").getByRole("link", { name: "Nuovo tavolo" }));
    await page.keyboard.press("Enter");
    await expectPage(page, "Nuovo tavolo");

    // Submitting the empty form moves the focus to the error summary, so it is announced.
    const submit = page.getByRole("button", { name: "Crea il tavolo" });
    await tabTo(page, submit);
    await page.keyboard.press("Enter");
    const summary = page.getByRole("alert");
    await summary.waitFor();
    await expect.poll(() => isFocused(summary)).toBe(true);
    await expectAccessible(page);
    expect(await page.getByLabel("Nome del tavolo").getAttribute("aria-invalid")).toBe("true");

    await typeInto(page, page.getByLabel("Nome del tavolo"), "Tavolo della tastiera");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Ambito di Moncalieri");
    await tabTo(page, submit);
    await page.keyboard.press("Enter");
    await expectPage(page, "Tavolo della tastiera");

    await typeInto(page, page.getByLabel("Nome dell'ente"), "Scuola primaria Collodi");
    await page.keyboard.press("Tab");
    const kind = page.getByLabel("Tipo di ente");
    expect(await isFocused(kind)).toBe(true);
    await page.keyboard.press("ArrowDown");
    expect(await kind.inputValue()).toBe("school");
    await tabTo(page, page.getByRole("button", { name: "Aggiungi ente" }));
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Ente aggiunto." }).waitFor();
    await expectAccessible(page);
    expect(await page.getByRole("region", { name: "Enti" }).textContent()).toContain(
      "Scuola primaria Collodi",
    );

    await page.locator("body").focus();
    await tabTo(page, page.getByRole("link", { name: "Nuovo incontro" }));
    await page.keyboard.press("Enter");
    await expectPage(page, "Nuovo incontro");
    await waitForHydration(page);
    // The agenda starts from a workshop's seven usual steps, each with what it opens (three
    // checkboxes): a longer way to Tab through, but every control is on the way.
    const rows = page.getByRole("textbox", { name: /^Titolo del punto/ });
    expect(await rows.count()).toBe(7);
    // A new row takes the focus, and removing a row hands it to the row that took its place.
    const add = page.getByRole("button", { name: "Aggiungi un punto" });
    await tabTo(page, add, 80);
    await page.keyboard.press("Enter");
    await expect.poll(() => isFocused(page.getByLabel("Titolo del punto 8"))).toBe(true);
    await page.keyboard.type("Saluti finali");
    await page.keyboard.press("Tab");
    await page.keyboard.type("10");
    // What the new step opens is ticked from the keyboard too: Space on a checkbox.
    await page.keyboard.press("Tab");
    const writing = page
      .getByRole("group", { name: "Cosa apre il punto 8" })
      .getByRole("checkbox", { name: "Scrittura delle schede" });
    expect(await isFocused(writing)).toBe(true);
    await page.keyboard.press("Space");
    expect(await writing.isChecked()).toBe(false);
    await page.getByText("Durata totale: 130 minuti").waitFor();
    await page.locator("body").focus();
    await tabTo(page, page.getByRole("button", { name: "Togli il punto 1" }));
    await page.keyboard.press("Enter");
    await expect.poll(() => isFocused(page.getByLabel("Titolo del punto 1"))).toBe(true);
    expect(await rows.count()).toBe(7);
    expect(await page.getByLabel("Titolo del punto 7").inputValue()).toBe("Saluti finali");
    await tabTo(page, add, 80);
    await page.keyboard.press("Space");
    await expect.poll(() => isFocused(page.getByLabel("Titolo del punto 8"))).toBe(true);
    await expectAccessible(page);
  });
});

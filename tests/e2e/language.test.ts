import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { describeInBrowser, serverAndBrowser, visit } from "../support/browser";
import { expectPage, logIn, logOut, PASSWORD, uniqueEmail } from "../support/flows";

async function chooseLanguage(page: Page, language: "Italiano" | "English") {
  const switcher = page.getByRole("form", { name: /Cambia lingua|Change language/ });
  await switcher.getByRole("button", { name: language }).click();
  await page.locator(`html[lang="${language === "English" ? "en" : "it"}"]`).waitFor();
}

async function pressedLanguage(page: Page) {
  return page
    .getByRole("form", { name: /Cambia lingua|Change language/ })
    .locator('button[aria-pressed="true"]')
    .textContent();
}

describeInBrowser("choosing the interface language", () => {
  const env = serverAndBrowser();

  it("switches to English from any page and remembers it on reload and after logging out and in", async () => {
    const email = uniqueEmail();
    await env.app.services.accounts.createUser({ email, name: "Sara Negro", password: PASSWORD });
    const page = await env.browser.newPage();
    await logIn(page, email);
    await expectPage(page, "I tuoi tavoli");
    await visit(page, "/roundtables/new");
    expect(await pressedLanguage(page)).toBe("Italiano");

    await chooseLanguage(page, "English");
    // Still on the same page, now in English.
    await expectPage(page, "New roundtable");
    expect(new URL(page.url()).pathname).toBe("/roundtables/new");
    expect(await pressedLanguage(page)).toBe("English");
    expect(await page.getByLabel(/^Roundtable name/).count()).toBe(1);
    expect(await page.title()).toBe("New roundtable · Tavolo");

    // A fresh page load keeps it.
    await page.reload();
    await expectPage(page, "New roundtable");
    await visit(page, "/account");
    await expectPage(page, "Your account");
    expect(await page.getByRole("heading", { name: "Active sessions" }).count()).toBe(1);

    await logOut(page, "Sign out");
    await expectPage(page, "Tavolo");
    expect(
      await page.getByRole("main").getByRole("link", { name: "Create an account" }).count(),
    ).toBe(1);
    await logIn(page, email);
    await expectPage(page, "Your roundtables");

    // The choice is stored with the account too: another browser, with no cookie, gets English
    // once signed in.
    const elsewhere = await env.browser.newPage();
    await visit(elsewhere, "/login");
    await expectPage(elsewhere, "Accedi");
    await logIn(elsewhere, email);
    await expectPage(elsewhere, "Your roundtables");
    expect(await elsewhere.locator("html").getAttribute("lang")).toBe("en");

    // And back to Italian.
    await chooseLanguage(page, "Italiano");
    await expectPage(page, "I tuoi tavoli");
    expect(await pressedLanguage(page)).toBe("Italiano");
    await page.reload();
    await expectPage(page, "I tuoi tavoli");
    expect(await page.getByRole("navigation").getByRole("button", { name: "Esci" }).count()).toBe(
      1,
    );
  });

  it("switches language before signing in, on the sign-up page", async () => {
    const page = await env.browser.newPage();
    await visit(page, "/signup");
    await expectPage(page, "Crea un account");
    await chooseLanguage(page, "English");
    await expectPage(page, "Create an account");
    expect(await page.getByLabel(/^Full name/).count()).toBe(1);
    await page.goto("/login");
    await expectPage(page, "Sign in");
    await chooseLanguage(page, "Italiano");
    await expectPage(page, "Accedi");
  });
});

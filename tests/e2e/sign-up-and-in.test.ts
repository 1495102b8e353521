import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  serverAndBrowser,
  expectAccessible,
  visit,
} from "../support/browser";
import { expectPage, logIn, logOut, PASSWORD, signUp, uniqueEmail } from "../support/flows";

describeInBrowser("signing up and in through the pages", () => {
  const env = serverAndBrowser();

  it("signs up through the form, lands signed in, logs out and logs in again", async () => {
    const page = await env.browser.newPage();
    await visit(page, "/");
    await page.getByRole("main").getByRole("link", { name: "Crea un account" }).click();
    await expectPage(page, "Crea un account");

    const email = uniqueEmail();
    await signUp(page, { name: "Marta Bosio", email });
    await expectPage(page, "I tuoi tavoli");
    expect(new URL(page.url()).pathname).toBe("/");
    await expect
      .poll(() => page.getByRole("main").textContent())
      .toContain("Non fai ancora parte di nessun tavolo");
    const nav = page.getByRole("navigation", { name: "Navigazione principale" });
    expect(await nav.getByRole("button", { name: "Esci" }).isVisible()).toBe(true);

    await logOut(page);
    await expectPage(page, "Tavolo");
    expect(await nav.getByRole("button", { name: "Esci" }).count()).toBe(0);

    await logIn(page, email);
    await expectPage(page, "I tuoi tavoli");
    expect(await nav.getByRole("link", { name: "Account" }).isVisible()).toBe(true);
  });

  it("shows field errors on a bad sign-up and keeps the typed name and email", async () => {
    const page = await env.browser.newPage();
    allowHttpErrorStatus(page, 400);
    await visit(page, "/signup");
    await signUp(page, { name: "Luca Gribaudo", email: "non-una-email", password: "corta" });

    const summary = page.getByRole("alert");
    await summary.filter({ hasText: "Controlla i campi segnalati" }).waitFor();
    await expectAccessible(page);

    const email = page.getByLabel("Email");
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await email.inputValue()).toBe("non-una-email");
    expect(await page.locator("#f-email-error").textContent()).toBe(
      "Inserisci un indirizzo email valido.",
    );
    expect(await email.getAttribute("aria-describedby")).toContain("f-email-error");

    const password = page.getByLabel("Password", { exact: true });
    expect(await password.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-password-error").textContent()).toBe(
      "La password deve avere almeno 10 caratteri.",
    );

    const name = page.getByLabel("Nome e cognome");
    expect(await name.inputValue()).toBe("Luca Gribaudo");
    expect(await name.getAttribute("aria-invalid")).toBeNull();

    // Fixing the mistakes is enough to get in.
    await email.fill(uniqueEmail());
    await password.fill(PASSWORD);
    await page.getByRole("button", { name: "Registrati" }).click();
    await expectPage(page, "I tuoi tavoli");
  });

  it("refuses a wrong password at login and says so", async () => {
    const page = await env.browser.newPage();
    allowHttpErrorStatus(page, 401);
    const email = uniqueEmail();
    await env.app.services.accounts.createUser({ email, name: "Anna Rosso", password: PASSWORD });
    await logIn(page, email, "password-sbagliata");
    await page.getByRole("alert").filter({ hasText: "Email o password non corrette." }).waitFor();
    await expectAccessible(page);
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
  });
});

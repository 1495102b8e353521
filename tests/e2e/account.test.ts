import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  serverAndBrowser,
  expectAccessible,
  visit,
} from "../support/browser";
import { expectPage, logIn, PASSWORD, uniqueEmail } from "../support/flows";

function sessionRows(page: Page) {
  return page
    .getByRole("region", { name: "Sessioni attive" })
    .getByRole("row")
    .filter({
      has: page.getByRole("cell"),
    });
}

describeInBrowser("the account page", () => {
  const env = serverAndBrowser();

  async function newAccount(name: string) {
    const email = uniqueEmail();
    await env.app.services.accounts.createUser({ email, name, password: PASSWORD });
    return email;
  }

  async function signedIn(email: string) {
    const page = await env.browser.newPage();
    await logIn(page, email);
    await expectPage(page, "I tuoi tavoli");
    return page;
  }

  it("lists the current session and revokes another one, which is signed out on its next page", async () => {
    const email = await newAccount("Chiara Audisio");
    const laptop = await signedIn(email);
    await laptop.getByRole("link", { name: "Account" }).click();
    await expectPage(laptop, "Il tuo account");
    const profile = await laptop.getByRole("region", { name: "Profilo" }).textContent();
    expect(profile).toContain("Chiara Audisio");
    expect(profile).toContain(email);
    expect(await sessionRows(laptop).count()).toBe(1);
    const current = sessionRows(laptop).first();
    expect(await current.getByRole("cell").first().textContent()).toBe("Chrome · Linux");
    expect(await current.textContent()).toContain("Questa sessione");
    expect(await current.getByRole("button").count()).toBe(0);

    const phone = await signedIn(email);
    await laptop.reload();
    await expectPage(laptop, "Il tuo account");
    expect(await sessionRows(laptop).count()).toBe(2);
    const other = sessionRows(laptop).filter({ hasNot: laptop.getByText("Questa sessione") });
    await other.getByRole("button", { name: "Chiudi sessione" }).click();
    await laptop.getByRole("status").filter({ hasText: "Sessione chiusa." }).waitFor();
    await expectAccessible(laptop);
    expect(await sessionRows(laptop).count()).toBe(1);
    expect(await sessionRows(laptop).first().textContent()).toContain("Questa sessione");

    // The phone finds out on its next navigation: the account page sends it to the login.
    await phone.getByRole("link", { name: "Account" }).click();
    await expectPage(phone, "Accedi");
    const url = new URL(phone.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("redirectTo")).toBe("/account");
    expect(await phone.getByRole("navigation").getByRole("button", { name: "Esci" }).count()).toBe(
      0,
    );
  });

  it("refuses a wrong current password, then changes it and closes the other sessions", async () => {
    const email = await newAccount("Davide Perotti");
    const page = await signedIn(email);
    const other = await signedIn(email);
    allowHttpErrorStatus(page, 400);
    await visit(page, "/account");
    await expectPage(page, "Il tuo account");

    const form = page.getByRole("region", { name: "Cambia password" });
    await form.getByLabel("Password attuale").fill("non-è-questa-la-password");
    await form.getByLabel("Nuova password").fill("una-nuova-password-sicura");
    await form.getByRole("button", { name: "Cambia password" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "La password attuale non è corretta." })
      .waitFor();
    await expectAccessible(page);
    const currentField = form.getByLabel("Password attuale");
    expect(await currentField.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-currentPassword-error").textContent()).toBe(
      "La password attuale non è corretta.",
    );

    await currentField.fill(PASSWORD);
    await form.getByLabel("Nuova password").fill("una-nuova-password-sicura");
    await form.getByRole("button", { name: "Cambia password" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Password cambiata. Le altre sessioni sono state chiuse." })
      .waitFor();
    await expectAccessible(page);
    expect(await currentField.getAttribute("aria-invalid")).toBeNull();
    // No password is left behind in the fields.
    expect(await currentField.inputValue()).toBe("");
    expect(await form.getByLabel("Nuova password").inputValue()).toBe("");
    expect(await sessionRows(page).count()).toBe(1);

    // The other browser was signed out; the old password no longer works, the new one does.
    await other.reload();
    await expectPage(other, "Tavolo");
    expect(await other.getByRole("main").getByRole("link", { name: "Accedi" }).count()).toBe(1);
    allowHttpErrorStatus(other, 401);
    await logIn(other, email, PASSWORD);
    await other.getByRole("alert").filter({ hasText: "Email o password non corrette." }).waitFor();
    await expectAccessible(other);
    await logIn(other, email, "una-nuova-password-sicura");
    await expectPage(other, "I tuoi tavoli");
  });
});

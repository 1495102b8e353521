// Steps the e2e tests share, each done through the pages the way a person would, with axe after each page.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { TestApp } from "./app";
import { expectAccessible, visit } from "./browser";

export const PASSWORD = "una-password-lunga";

let counter = 0;

export function uniqueEmail(label = "persona"): string {
  counter += 1;
  return `${label}-${counter}-${Date.now()}@example.test`;
}

/** Waits for the page to show a level-one heading with this text, then runs axe on it. */
export async function expectPage(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await expectAccessible(page);
}

function onPath(page: Page, path: string): boolean {
  return page.url().startsWith("http") && new URL(page.url()).pathname === path;
}

/** Fills and sends the sign-up form (on the page already shown, if it is the sign-up page). */
export async function signUp(
  page: Page,
  person: { name: string; email: string; password?: string },
): Promise<void> {
  if (!onPath(page, "/signup")) await visit(page, "/signup");
  await page.getByLabel("Nome e cognome").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password ?? PASSWORD);
  await page.getByRole("button", { name: "Registrati" }).click();
}

/** Fills and sends the login form (on the page already shown, if it is the login page). */
export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!onPath(page, "/login")) await visit(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  // "Accedi" or "Sign in", depending on the language.
  await page.getByRole("main").locator("button[type=submit]").click();
}

/** Signs in through the login form and waits for the home page ("I tuoi tavoli"). */
export async function signIn(page: Page, email: string): Promise<void> {
  await logIn(page, email);
  await expectPage(page, "I tuoi tavoli");
}

/** Signs out with the header's button ("Esci", or "Sign out" in English). */
export async function logOut(page: Page, label = "Esci"): Promise<void> {
  const button = page.getByRole("navigation").getByRole("button", { name: label });
  await button.click();
  await button.waitFor({ state: "detached" });
  await expectAccessible(page);
}

/** A user made through the services (quicker than the form), then signed in through the form. */
export async function signedInUser(app: TestApp, page: Page, name = "Giulia Ferrero") {
  const email = uniqueEmail();
  await app.services.accounts.createUser({ email, name, password: PASSWORD });
  await signIn(page, email);
  return { email, name };
}

export async function createRoundtable(
  page: Page,
  roundtable: { name: string; territory: string; description?: string },
): Promise<string> {
  await visit(page, "/roundtables/new");
  await page.getByLabel("Nome del tavolo").fill(roundtable.name);
  await page.getByLabel("Territorio / ambito territoriale").fill(roundtable.territory);
  if (roundtable.description) await page.getByLabel(/Descrizione/).fill(roundtable.description);
  await page.getByRole("button", { name: "Crea il tavolo" }).click();
  await expectPage(page, roundtable.name);
  const match = /\/roundtables\/([^/?]+)$/.exec(new URL(page.url()).pathname);
  expect(match, `not on a tavolo page: ${page.url()}`).not.toBeNull();
  return match![1]!;
}

export async function addOrganization(page: Page, name: string, kind: string): Promise<void> {
  const form = page.locator("form", { has: page.getByLabel("Nome dell'ente") });
  await form.getByLabel("Nome dell'ente").fill(name);
  await form.getByLabel("Tipo di ente").selectOption({ label: kind });
  await form.getByRole("button", { name: "Aggiungi ente" }).click();
  await page
    .getByRole("region", { name: "Enti" })
    .getByRole("listitem")
    .filter({ hasText: name })
    .waitFor();
  await page.getByRole("status").filter({ hasText: "Ente aggiunto." }).waitFor();
  await expectAccessible(page);
}

/** A tavolo with a facilitator and a member, both able to sign in with PASSWORD. */
export async function tavoloWithMember(app: TestApp, name: string) {
  const { services } = app;
  const facilitatorEmail = uniqueEmail("facilitatrice");
  const facilitator = await services.accounts.createUser({
    email: facilitatorEmail,
    name: "Franca Rossi",
    password: PASSWORD,
  });
  const memberEmail = uniqueEmail("membro");
  const member = await services.accounts.createUser({
    email: memberEmail,
    name: "Marco Bianchi",
    password: PASSWORD,
  });
  const roundtable = await services.roundtables.create(facilitator, {
    name,
    territory: "Ambito di Chieri",
  });
  const { token } = await services.roundtables.createInvite(facilitator, roundtable.id, {
    role: "member",
  });
  await services.roundtables.acceptInvite(member, token);
  return { roundtable, facilitator, facilitatorEmail, member, memberEmail };
}

import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  serverAndBrowser,
  expectAccessible,
  visit,
} from "../support/browser";
import {
  addOrganization,
  createRoundtable,
  expectPage,
  signedInUser,
  signUp,
  uniqueEmail,
} from "../support/flows";

describeInBrowser("inviting members through the pages", () => {
  const env = serverAndBrowser();

  it("lets a newcomer sign up through an invite link, join under an organisation, then be managed", async () => {
    const school = "Istituto comprensivo Chieri III";
    const newcomer = { name: "Paolo Actis", email: uniqueEmail("invitato") };

    // The facilitator makes a single-use link for a member of the school.
    const facilitator = await env.browser.newPage();
    await signedInUser(env.app, facilitator, "Elena Facilitatrice");
    const roundtableId = await createRoundtable(facilitator, {
      name: "Tavolo scuola e territorio",
      territory: "Ambito di Chieri",
    });
    await addOrganization(facilitator, school, "Scuola");
    await facilitator.getByRole("link", { name: "Gestisci membri e inviti" }).click();
    await expectPage(facilitator, "Membri e inviti");
    const pending = facilitator.getByRole("region", { name: "Inviti in attesa" });
    expect(await pending.textContent()).toContain("Nessun invito in attesa.");

    const inviteForm = facilitator.getByRole("region", { name: "Invita un membro" });
    await inviteForm.getByLabel("Ruolo").selectOption("member");
    await inviteForm.getByLabel("Ente").selectOption({ label: school });
    await inviteForm.getByLabel(/Nota per te/).fill("Per il referente della scuola");
    await inviteForm.getByRole("button", { name: "Crea link di invito" }).click();
    const linkElement = facilitator.getByTestId("invite-link");
    await linkElement.waitFor();
    await expectAccessible(facilitator);
    const link = (await linkElement.textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${env.app.url}/invites/[^/]+$`));
    expect(await pending.textContent()).toContain(school);
    expect(await pending.textContent()).toContain("Per il referente della scuola");

    // The newcomer opens it signed out, is sent to sign up, and comes back to accept.
    const guest = await env.browser.newPage();
    await visit(guest, link);
    await expectPage(guest, "Invito a un tavolo");
    const invitation = await guest.getByRole("main").textContent();
    expect(invitation).toContain("«Tavolo scuola e territorio» (Ambito di Chieri) come membro");
    expect(invitation).toContain(`Per l'ente: ${school}.`);
    await guest.getByRole("main").getByRole("link", { name: "Registrati" }).click();
    await expectPage(guest, "Crea un account");
    expect(new URL(guest.url()).searchParams.get("redirectTo")).toBe(new URL(link).pathname);
    await signUp(guest, newcomer);
    await expectPage(guest, "Invito a un tavolo");
    expect(guest.url()).toBe(link);
    await guest.getByRole("button", { name: "Accetta l'invito" }).click();
    await expectPage(guest, "Tavolo scuola e territorio");
    expect(new URL(guest.url()).pathname).toBe(`/roundtables/${roundtableId}`);
    expect(await guest.getByRole("main").getByText("Il tuo ruolo").textContent()).toContain(
      "membro",
    );
    const members = guest.getByRole("region", { name: "Membri" });
    const schoolGroup = members.locator("div", {
      has: guest.getByRole("heading", { level: 3, name: school }),
    });
    expect(await schoolGroup.getByRole("listitem").allTextContents()).toEqual([
      `${newcomer.name} membro`,
    ]);
    const unaffiliated = members.locator("div", {
      has: guest.getByRole("heading", { level: 3, name: "Senza ente" }),
    });
    expect(await unaffiliated.getByRole("listitem").allTextContents()).toEqual([
      "Elena Facilitatrice facilitatore",
    ]);

    // The link works once: a third person sees that it has been used.
    const latecomer = await env.browser.newPage();
    await visit(latecomer, link);
    await expectPage(latecomer, "Invito a un tavolo");
    expect(await latecomer.getByRole("main").textContent()).toContain(
      "Questo invito è già stato usato.",
    );
    expect(await latecomer.getByRole("link", { name: "Registrati" }).count()).toBe(1); // header only

    // The facilitator sees the newcomer, makes them an observer, then removes them.
    await facilitator.reload();
    await expectPage(facilitator, "Membri e inviti");
    expect(await pending.textContent()).toContain("Nessun invito in attesa.");
    const row = facilitator.getByRole("row", { name: new RegExp(newcomer.name) });
    expect(await row.getByRole("cell").nth(1).textContent()).toBe(school);
    const roleSelect = row.getByLabel(`Ruolo di ${newcomer.name}`);
    expect(await roleSelect.inputValue()).toBe("member");
    await roleSelect.selectOption({ label: "osservatore" });
    await row.getByRole("button", { name: `Cambia ruolo (${newcomer.name})` }).click();
    await facilitator.getByRole("status").filter({ hasText: "Ruolo aggiornato." }).waitFor();
    await expectAccessible(facilitator);
    expect(await roleSelect.inputValue()).toBe("observer");

    await guest.reload();
    await expectPage(guest, "Tavolo scuola e territorio");
    expect(await guest.getByRole("main").getByText("Il tuo ruolo").textContent()).toContain(
      "osservatore",
    );

    await row.getByRole("button", { name: `Rimuovi ${newcomer.name}` }).click();
    await facilitator.getByRole("status").filter({ hasText: "Membro rimosso." }).waitFor();
    await expectAccessible(facilitator);
    expect(await facilitator.getByRole("row", { name: new RegExp(newcomer.name) }).count()).toBe(0);

    // The removed member no longer reaches the tavolo.
    allowHttpErrorStatus(guest, 403);
    allowHttpErrorStatus(guest, 404);
    await guest.reload();
    await expectPage(guest, "Qualcosa non va");
    await guest.getByRole("link", { name: "Torna alla pagina iniziale" }).click();
    await expectPage(guest, "I tuoi tavoli");
    expect(await guest.getByRole("main").textContent()).toContain(
      "Non fai ancora parte di nessun tavolo",
    );
  });
});

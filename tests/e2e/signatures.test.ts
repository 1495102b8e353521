// The signatures page in Chromium: the facilitator names who signs for an organisation and uploads
// a signed PDF (its SHA-256 shown); the named member signs after a confirmation dialog that shows
// the hash, by keyboard; and the same steps work with JavaScript turned off.
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  waitForHydration,
} from "../support/browser";
import { agreeVersion } from "../support/agreement";
import { expectPage, signIn, tavoloWithMember } from "../support/flows";

const PACT = "Patto educativo di Chieri";

const SIGNED_PDF = Buffer.from(`%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Sig /ByteRange [0 0 0 0] /Contents <00> >> endobj
trailer << /Root 1 0 R >>
%%EOF
`);

describeInBrowser("the signatures page", () => {
  const env = serverAndBrowser();

  /** A tavolo whose member belongs to the Comune, with a pact whose first version is agreed. */
  async function agreedPact() {
    const tavolo = await tavoloWithMember(env.app, "Tavolo educativo di Chieri");
    const { roundtable, facilitator, member } = tavolo;
    const { roundtables, pacts } = env.app.services;
    const comune = await roundtables.createOrganization(facilitator, roundtable.id, {
      name: "Comune di Chieri",
      kind: "municipality",
    });
    await env.app.db
      .updateTable("roundtable_members")
      .set({ organization_id: comune.id })
      .where("roundtable_id", "=", roundtable.id)
      .where("user_id", "=", member.userId)
      .execute();
    const pact = await pacts.create(facilitator, roundtable.id, {
      title: PACT,
      template: "patto-educativo",
    });
    await pacts.putSection(facilitator, pact.id, "premesse", {
      markdown: "Le parti si impegnano a collaborare.",
    });
    const version = await pacts.createVersion(facilitator, pact.id, { label: "Testo finale" });
    await agreeVersion(env.app.services, facilitator, pact.id, version.id);
    return { ...tavolo, pact, version };
  }

  /** Serves every script empty: the page stays as the server rendered it, as without JavaScript. */
  async function withoutScripts(page: Page) {
    await page.route("**/*.js", (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
    );
  }

  it("names a signer, keeps a signed file and signs after confirming the hash", async () => {
    const { facilitatorEmail, memberEmail, pact, version } = await agreedPact();
    const path = `/pacts/${pact.id}/signatures`;

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await chair.goto(path);
    await expectPage(chair, `Firme di «${PACT}»`);
    await waitForHydration(chair);
    await expect.poll(() => chair.getByText(version.hash).first().isVisible()).toBe(true);
    await chair.getByLabel("Aggiungi chi firma per Comune di Chieri").selectOption({
      label: "Marco Bianchi",
    });
    await chair.getByRole("button", { name: "Aggiungi", exact: true }).click();
    await chair.getByRole("status").filter({ hasText: "Elenco di chi firma" }).waitFor();
    await chair.getByRole("button", { name: "Rimuovi Marco Bianchi" }).waitFor();

    await chair.getByLabel("File firmato").setInputFiles({
      name: "Patto firmato.pdf",
      mimeType: "application/pdf",
      buffer: SIGNED_PDF,
    });
    await chair.getByRole("button", { name: "Carica il file" }).click();
    const sha256 = createHash("sha256").update(SIGNED_PDF).digest("hex");
    await chair.getByRole("status").filter({ hasText: sha256 }).waitFor();
    await chair.getByRole("link", { name: "Scarica Patto firmato.pdf" }).waitFor();
    await expectAccessible(chair);

    const signer = await env.browser.newPage();
    await signIn(signer, memberEmail);
    await signer.goto(path);
    await expectPage(signer, `Firme di «${PACT}»`);
    await waitForHydration(signer);
    await signer.getByRole("button", { name: "Sottoscrivi per Comune di Chieri" }).click();
    const dialog = signer.getByRole("dialog", {
      name: "Sottoscrivere il patto per Comune di Chieri?",
    });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByText(version.hash).isVisible()).toBe(true);
    await expectAccessible(signer);
    // The focus starts on "Annulla"; Escape closes the dialog and nothing is signed.
    await expect.poll(() => signer.evaluate("document.activeElement?.textContent")).toBe("Annulla");
    await signer.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => new URL(signer.url()).search).toBe("");

    await signer.getByRole("button", { name: "Sottoscrivi per Comune di Chieri" }).click();
    await dialog.waitFor();
    await signer.keyboard.press("Shift+Tab");
    await expect
      .poll(() => signer.evaluate("document.activeElement?.textContent"))
      .toBe("Confermo e sottoscrivo");
    await signer.keyboard.press("Enter");
    await signer.getByRole("status").filter({ hasText: "Firma registrata" }).waitFor();
    await signer.getByRole("cell", { name: "Sottoscritto da Marco Bianchi" }).waitFor();
    await expectAccessible(signer);
  });

  it("works without JavaScript: naming, uploading and signing are plain forms", async () => {
    const { facilitatorEmail, memberEmail, pact } = await agreedPact();
    const path = `/pacts/${pact.id}/signatures`;

    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await withoutScripts(chair);
    await chair.goto(path);
    await expectPage(chair, `Firme di «${PACT}»`);
    await chair.getByLabel("Aggiungi chi firma per Comune di Chieri").selectOption({
      label: "Marco Bianchi",
    });
    await chair.getByRole("button", { name: "Aggiungi", exact: true }).click();
    await expectPage(chair, `Firme di «${PACT}»`);
    await chair.getByRole("button", { name: "Rimuovi Marco Bianchi" }).waitFor();

    // A PDF without a signature is refused (400), the error beside the file field.
    allowHttpErrorStatus(chair, 400);
    await chair.getByLabel("File firmato").setInputFiles({
      name: "Patto.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n<< /Type /Page /Contents 4 0 R >>\n%%EOF\n"),
    });
    await chair.getByRole("button", { name: "Carica il file" }).click();
    await expectPage(chair, `Firme di «${PACT}»`);
    await chair.getByText("Questo PDF non contiene una firma digitale").first().waitFor();
    expect(await chair.getByLabel("File firmato").getAttribute("aria-invalid")).toBe("true");

    const signer = await env.browser.newPage();
    await signIn(signer, memberEmail);
    await withoutScripts(signer);
    await signer.goto(path);
    await expectPage(signer, `Firme di «${PACT}»`);
    await signer.getByRole("button", { name: "Aderisci per Comune di Chieri" }).click();
    await signer.getByRole("heading", { name: "Aderire al patto per Comune di Chieri?" }).waitFor();
    await expectAccessible(signer);
    await signer.getByRole("button", { name: "Confermo e aderisco" }).click();
    await expectPage(signer, `Firme di «${PACT}»`);
    await signer.getByRole("cell", { name: "Aderito da Marco Bianchi" }).waitFor();
  });
});

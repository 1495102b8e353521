import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { BUILT_IN_TEMPLATES } from "../../core/pact/templates";
import {
  allowHttpErrorStatus,
  describeInBrowser,
  expectAccessible,
  serverAndBrowser,
  waitForHydration,
} from "../support/browser";
import { expectPage, signIn, tavoloWithMember } from "../support/flows";
import { openEditor } from "../support/pact";

/** The name of the form control that has the focus. */
const focusedName = (page: Page) =>
  page.evaluate("document.activeElement && document.activeElement.getAttribute('name')");

describeInBrowser("a tavolo's pact templates", () => {
  const env = serverAndBrowser();

  it("are made by a facilitator from a pact and from scratch, with errors beside the row, then used for a new pact; members only read the list", async () => {
    const { services } = env.app;
    const { roundtable, facilitator, facilitatorEmail, memberEmail } = await tavoloWithMember(
      env.app,
      "Tavolo educativo di Chieri",
    );
    await services.pacts.create(facilitator, roundtable.id, {
      title: "Patto educativo 2025",
      template: "patto-educativo",
    });

    // From the pacts page to the templates page: the three built-in ones are listed.
    const chair = await env.browser.newPage();
    await signIn(chair, facilitatorEmail);
    await chair.goto(`/roundtables/${roundtable.id}/pacts`);
    await expectPage(chair, "Patti del tavolo");
    await chair.getByRole("link", { name: "Modelli di patto del tavolo" }).click();
    await expectPage(chair, "Modelli di patto");
    await waitForHydration(chair);
    const list = chair.getByRole("table", { name: /Modelli che il tavolo può usare/ });
    expect(await list.getByRole("row").count()).toBe(1 + BUILT_IN_TEMPLATES.length);
    await list
      .getByRole("row", { name: /Schema proposta migliorativa proposta-progettuale predefinito 6/ })
      .waitFor();

    // From an existing pact: its sections are copied.
    const fromPact = chair.getByRole("region", { name: "Da un patto esistente" });
    await fromPact.getByLabel("Patto da copiare").selectOption({ label: "Patto educativo 2025" });
    await fromPact.getByLabel("Titolo del modello").fill("Patto scuole di Chieri");
    await fromPact.getByLabel(/^Codice del modello/).fill("patto-scuole-chieri");
    await fromPact.getByRole("button", { name: "Crea il modello dal patto" }).click();
    await chair
      .getByRole("status")
      .filter({ hasText: "Modello «Patto scuole di Chieri» creato" })
      .waitFor();
    await list
      .getByRole("row", { name: /Patto scuole di Chieri patto-scuole-chieri del tavolo 8/ })
      .waitFor();
    await expectAccessible(chair);
    const copied = (await services.pacts.listTemplates(facilitator, roundtable.id)).find(
      (t) => t.key === "patto-scuole-chieri",
    );
    expect(copied?.sections).toEqual(BUILT_IN_TEMPLATES[0]!.sections);

    // From scratch: two sections, the second added and moved by keyboard, first with a repeated code.
    const scratch = chair.getByRole("region", { name: "Da zero" });
    await scratch.getByLabel("Titolo del modello").fill("Proposta breve");
    await scratch.getByLabel(/^Codice del modello/).fill("proposta-breve");
    const first = scratch.getByRole("group", { name: "Sezione 1" });
    await first.getByLabel(/^Codice della sezione/).fill("contesto");
    await first.getByLabel("Titolo della sezione").fill("Contesto");
    await first.getByLabel(/^Indicazioni per chi scrive/).fill("Il territorio e i suoi bisogni.");

    await scratch.getByRole("button", { name: "Aggiungi una sezione" }).focus();
    await chair.keyboard.press("Enter");
    const second = scratch.getByRole("group", { name: "Sezione 2" });
    await expect.poll(() => focusedName(chair)).toBe("sections.1.key");
    await chair
      .getByRole("status")
      .filter({ hasText: "Sezione 2 aggiunta." })
      .waitFor({ state: "attached" });
    await chair.keyboard.type("contesto");
    await chair.keyboard.press("Tab");
    await chair.keyboard.type("Esperienza pregressa");
    await chair.keyboard.press("Tab");
    await chair.keyboard.type("Che cosa i partner hanno già fatto.");
    await second
      .getByLabel("Limite di lunghezza")
      .selectOption({ label: "In caratteri (spazi inclusi)" });
    await second.getByLabel("Lunghezza massima").fill("3500");

    allowHttpErrorStatus(chair, 400);
    await scratch.getByRole("button", { name: "Crea il modello", exact: true }).click();
    await second.getByText("Ogni sezione deve avere un codice diverso.").waitFor();
    expect(await second.getByLabel(/^Codice della sezione/).getAttribute("aria-invalid")).toBe(
      "true",
    );
    // Nothing typed is lost.
    expect(await second.getByLabel("Lunghezza massima").inputValue()).toBe("3500");
    expect(await scratch.getByLabel("Titolo del modello").inputValue()).toBe("Proposta breve");
    await expectAccessible(chair);

    await second.getByLabel(/^Codice della sezione/).fill("esperienza");
    // Up by keyboard: the row becomes the first, and the focus stays on its move button.
    await second.getByRole("button", { name: "Sposta su la sezione 2" }).focus();
    await chair.keyboard.press("Enter");
    await chair
      .getByRole("status")
      .filter({ hasText: "Sezione spostata in posizione 1 di 2." })
      .waitFor({ state: "attached" });
    expect(await first.getByLabel(/^Codice della sezione/).inputValue()).toBe("esperienza");
    await expect
      .poll(() => chair.evaluate("document.activeElement && document.activeElement.textContent"))
      .toBe("Sposta giù la sezione 1");
    // And back down.
    await chair.keyboard.press("Enter");
    expect(await first.getByLabel(/^Codice della sezione/).inputValue()).toBe("contesto");
    expect(await second.getByLabel(/^Codice della sezione/).inputValue()).toBe("esperienza");

    await scratch.getByRole("button", { name: "Crea il modello", exact: true }).click();
    await chair
      .getByRole("status")
      .filter({ hasText: "Modello «Proposta breve» creato" })
      .waitFor();
    await list.getByRole("row", { name: /Proposta breve proposta-breve del tavolo 2/ }).waitFor();
    await expectAccessible(chair);
    const made = (await services.pacts.listTemplates(facilitator, roundtable.id)).find(
      (t) => t.key === "proposta-breve",
    );
    expect(made?.sections).toEqual([
      {
        key: "contesto",
        title: "Contesto",
        guidance: "Il territorio e i suoi bisogni.",
        limit: null,
      },
      {
        key: "esperienza",
        title: "Esperienza pregressa",
        guidance: "Che cosa i partner hanno già fatto.",
        limit: { unit: "characters", value: 3500 },
      },
    ]);

    // The new template makes a new pact, with its sections and limit.
    await chair.getByRole("link", { name: "Patti del tavolo" }).click();
    await expectPage(chair, "Patti del tavolo");
    await chair.getByLabel("Titolo del patto").fill("Proposta per il bando 2026");
    await chair.getByLabel(/^Modello/).selectOption({ label: "Proposta breve" });
    await chair.getByRole("button", { name: "Crea il patto" }).click();
    await chair.getByRole("heading", { level: 1, name: "Proposta per il bando 2026" }).waitFor();
    const pactId = new URL(chair.url()).pathname.split("/")[2]!;
    await openEditor(chair, pactId, "Proposta per il bando 2026");
    await chair.getByRole("region", { name: "Contesto", exact: true }).waitFor();
    const experience = chair.getByRole("region", { name: "Esperienza pregressa", exact: true });
    await experience.getByText("Che cosa i partner hanno già fatto.").waitFor();
    await experience.getByText("Limite: 3500 caratteri, spazi inclusi.").waitFor();

    // A member reads the list, without the forms.
    const reader = await env.browser.newPage();
    await signIn(reader, memberEmail);
    await reader.goto(`/roundtables/${roundtable.id}/pact-templates`);
    await expectPage(reader, "Modelli di patto");
    await reader.getByText("Solo chi facilita il tavolo può creare modelli.").waitFor();
    await reader.getByRole("row", { name: /Proposta breve proposta-breve del tavolo 2/ }).waitFor();
    expect(await reader.getByRole("button", { name: /Crea il modello/ }).count()).toBe(0);
    expect(await reader.getByRole("region", { name: "Da zero" }).count()).toBe(0);
  });
});

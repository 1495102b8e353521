// The pact editor page as browser tests reach it.
import type { Locator, Page } from "playwright-core";
import { expectAccessible, waitForHydration } from "./browser";

/** Opens a pact's editor and waits until its document has synced, then runs axe on it. */
export async function openEditor(page: Page, pactId: string, title: string) {
  await page.goto(`/pacts/${pactId}`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await waitForHydration(page);
  await page.locator('.pact-editor[data-ready="true"]').waitFor();
  await expectAccessible(page);
}

/** The editable text of one section, by its title. */
export const sectionText = (page: Page, title: string): Locator =>
  page.getByRole("textbox", { name: `Testo della sezione «${title}»` });

/**
 * What a section's editor holds as selected: ProseMirror's state, which follows the page's
 * selection a moment later (a key pressed before then acts on the old selection).
 */
export const editorSelection = (page: Page, title: string): Promise<string | null> =>
  page.evaluate(`(() => {
    const dom = document.querySelector(${JSON.stringify(`[aria-label="Testo della sezione «${title}»"]`)});
    const editor = dom && dom.editor;
    if (!editor) return null;
    const { from, to } = editor.state.selection;
    return editor.state.doc.textBetween(from, to, "\\n");
  })()`);

/**
 * Where a section's caret stands in ProseMirror's state: the name of a node selected whole,
 * or the text of the caret's paragraph with "|" at the caret. As with `editorSelection`, a key
 * pressed before the state follows the page acts on the old place.
 */
export const editorCaret = (page: Page, title: string): Promise<string | null> =>
  page.evaluate(`(() => {
    const dom = document.querySelector(${JSON.stringify(`[aria-label="Testo della sezione «${title}»"]`)});
    const editor = dom && dom.editor;
    if (!editor) return null;
    const selection = editor.state.selection;
    if (selection.node) return selection.node.type.name;
    const text = selection.$head.parent.textContent;
    const at = selection.$head.parentOffset;
    return text.slice(0, at) + "|" + text.slice(at);
  })()`);

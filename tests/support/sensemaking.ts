// Steps and locators of the sensemaking pages the e2e tests share: the board with its suggested
// clusters and frames, and the objectives page.
import type { Page } from "playwright-core";
import { waitForHydration } from "./browser";
import { expectPage, signIn } from "./flows";

interface MeetingRef {
  id: string;
  title: string;
}

/** Signs in and opens a meeting's board, once it has synced and drawn its first frame. */
export async function openBoard(page: Page, email: string, meeting: MeetingRef): Promise<void> {
  await signIn(page, email);
  await page.goto(`/meetings/${meeting.id}/board`);
  await expectPage(page, `Lavagna: ${meeting.title}`);
  await waitForHydration(page);
  await page.locator('[data-testid="board"][data-ready="true"]').waitFor();
}

/** A cluster on the canvas: its frame's header. */
export const clusterFrame = (page: Page, label: string, count: number) =>
  page.getByRole("button", { name: `Raggruppamento «${label}», schede: ${count}`, exact: true });

/** A suggestion's name and cards, as the panel shows them. */
export async function readSuggestion(page: Page, index: number) {
  return page
    .locator("li.board-suggestion")
    .nth(index)
    .evaluate((item) => ({
      label: item.querySelector("h3")!.firstChild!.textContent!.trim(),
      cards: [...item.querySelectorAll(".board-suggestion__cards > li")].map((li) =>
        li.firstChild!.textContent!.trim(),
      ),
    }));
}

/** Opens a meeting's objectives page (already signed in), once it has joined the board document. */
export async function openObjectives(page: Page, meeting: MeetingRef): Promise<void> {
  await page.goto(`/meetings/${meeting.id}/objectives`);
  await expectPage(page, `Obiettivi e azioni: ${meeting.title}`);
  await waitForHydration(page);
  await page.locator('.objectives[data-ready="true"]').waitFor();
}

/** The n-th objective of the objectives page: its section. */
export const objectiveSection = (page: Page, n: number, title: string) =>
  page.getByRole("region", { name: `Obiettivo ${n}: ${title}` });

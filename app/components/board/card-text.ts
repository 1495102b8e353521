// How a card reads: its group's name and colour class, and the label a screen reader announces.
import { isContributorGroup } from "../../../core/domain";
import type { Translate } from "../../i18n/use-i18n";
import type { CardView } from "../../collab/use-board-snapshot";

/** The group's name in words, so a card's group is known without seeing its colour. */
export function groupName(t: Translate, group: string | null): string {
  if (group === null || group === "") return t("board.group.none");
  return isContributorGroup(group) ? t(`board.group.${group}`) : group;
}

export function groupClass(group: string | null): string {
  return `group-${isContributorGroup(group) ? group : "none"}`;
}

export function cardLabel(
  t: Translate,
  shown: { card: CardView; faceDown: boolean; hidden: boolean },
): string {
  const { card } = shown;
  if (shown.faceDown) return t("board.card_face_down");
  const label = t("board.card_label", {
    author: card.authorLabel || t("board.anonymous"),
    group: groupName(t, card.group),
    text: card.text,
  });
  return shown.hidden ? t("board.card_hidden_label", { text: label }) : label;
}

/** A short form of a card's words, for menus and announcements. */
export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

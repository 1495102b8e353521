// The actions menu of a card or a cluster, shared by the canvas and the list: a menu button's popup
// with arrow-key navigation, one level of submenu ("Sposta in…"), Escape to go back or close; an
// optional note above the items (where a card went), which the menu is described by.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n/use-i18n";

export interface MenuEntry {
  key: string;
  label: string;
  onSelect?: () => void;
  submenu?: { title: string; entries: MenuEntry[] };
  /** Shown as the current choice of a submenu (the cluster a card is already in). */
  current?: boolean;
}

export interface OpenMenu {
  /** The card or cluster the menu is for. */
  itemId: string;
  kind: "card" | "cluster";
  /** Where to draw it: the rectangle of what opened it, in viewport coordinates. */
  anchor: { left: number; top: number; bottom: number };
  /** Opened straight into a submenu (the toolbar's "move selected"). */
  startIn?: string;
}

export function ItemMenu({
  label,
  description,
  entries,
  anchor,
  startIn,
  onClose,
}: {
  label: string;
  /** Read with the menu and shown above it (where a card went). */
  description?: string;
  entries: MenuEntry[];
  anchor: OpenMenu["anchor"];
  startIn?: string;
  onClose: (returnFocus: boolean) => void;
}) {
  const { t } = useI18n();
  const descriptionId = useId();
  const [panel, setPanel] = useState<string | null>(startIn ?? null);
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: anchor.left, top: anchor.bottom + 4 });
  const parent = panel ? entries.find((entry) => entry.key === panel) : undefined;
  const shown = parent?.submenu?.entries ?? entries;
  const title = parent?.submenu?.title ?? label;

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
    const below = anchor.bottom + 4;
    const top =
      below + height > window.innerHeight - 8 ? Math.max(8, anchor.top - height - 4) : below;
    setPlace({ left, top });
  }, [anchor, panel]);

  useEffect(() => {
    const menu = ref.current;
    const first = menu?.querySelector<HTMLElement>('[role="menuitem"]');
    first?.focus();
  }, [panel]);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener("pointerdown", onPointer, true);
    return () => document.removeEventListener("pointerdown", onPointer, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        focusAt(index + 1);
        break;
      case "ArrowUp":
        focusAt(index - 1);
        break;
      case "Home":
        focusAt(0);
        break;
      case "End":
        focusAt(items.length - 1);
        break;
      case "ArrowLeft":
        if (!panel) return;
        setPanel(null);
        break;
      case "Escape":
        if (panel && !startIn) setPanel(null);
        else onClose(true);
        break;
      case "Tab":
        onClose(true);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const choose = (entry: MenuEntry) => {
    if (entry.submenu) {
      setPanel(entry.key);
      return;
    }
    onClose(true);
    entry.onSelect?.();
  };

  return (
    <div
      ref={ref}
      className="board-menu"
      style={{ left: place.left, top: place.top }}
      onKeyDown={onKeyDown}
    >
      {parent && <p className="board-menu__title">{title}</p>}
      {description && !parent && (
        <p id={descriptionId} className="board-menu__note">
          {description}
        </p>
      )}
      <div
        role="menu"
        aria-label={title}
        aria-describedby={description && !parent ? descriptionId : undefined}
        className="board-menu__items"
      >
        {shown.map((entry) => (
          <button
            key={entry.key}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="board-menu__item"
            aria-haspopup={entry.submenu ? "menu" : undefined}
            aria-current={entry.current ? "true" : undefined}
            onClick={() => choose(entry)}
          >
            {entry.label}
            {entry.current ? " ✓" : ""}
          </button>
        ))}
        {parent && !startIn && (
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="board-menu__item board-menu__item--back"
            onClick={() => setPanel(null)}
          >
            ← {t("board.menu.back")}
          </button>
        )}
        <button
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="board-menu__item board-menu__item--back"
          onClick={() => onClose(true)}
        >
          {t("board.menu.close")}
        </button>
      </div>
    </div>
  );
}

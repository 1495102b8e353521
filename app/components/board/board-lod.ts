// Cards far away (below the zoom where their words can be read) drawn as coloured boxes on one
// canvas instead of thousands of DOM nodes: a 5,000-card board fitted on screen had 2,700 card
// elements, and every pan frame restyled and repainted them. Items that need the DOM (the focused,
// selected, edited, dragged or spotlit one) stay elements and are left out here.
import { isContributorGroup } from "../../../core/domain";
import { intersects, type Rect, type ShownCard, type Viewport } from "./board-layout";

/** The group colours of board.css (`--card-bg`, `--card-band`), for the canvas. */
const GROUP_COLOURS: Record<string, { background: string; band: string }> = {
  family: { background: "#fdecea", band: "#b3261e" },
  school: { background: "#e7f0fb", band: "#0b5394" },
  social_services: { background: "#eaf5ea", band: "#1e6b36" },
  health: { background: "#f3ebf9", band: "#6a1b9a" },
  association: { background: "#fff4dc", band: "#8a4b00" },
  none: { background: "#ffffff", band: "#44546a" },
};
const FACE_DOWN = { background: "#e2e7ec", band: "#6b7785" };
/** board.css's band is 6px of a 200px card. */
const BAND = 6;

function coloursOf(shown: ShownCard) {
  if (shown.faceDown) return FACE_DOWN;
  const group = shown.card.group;
  return GROUP_COLOURS[isContributorGroup(group) && group !== "other" ? group : "none"]!;
}

/**
 * Draws `cards` (in drawing order) that fall in `seen` onto `canvas`, which covers the surface;
 * those in `skip` are drawn by the DOM. One path per colour: a few fills for thousands of cards.
 */
export function drawCards(
  canvas: HTMLCanvasElement,
  cards: readonly ShownCard[],
  skip: ReadonlySet<string>,
  viewport: Viewport,
  seen: Rect,
  size: { width: number; height: number },
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(size.width * ratio);
  const height = Math.round(size.height * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  const scale = ratio * viewport.zoom;
  context.setTransform(scale, 0, 0, scale, ratio * viewport.x, ratio * viewport.y);
  // In drawing order, so that of two overlapping cards the later is on top, as in the DOM; a
  // rectangle per card is cheap at these sizes (a few pixels each).
  let fill = "";
  const paint = (colour: string, x: number, y: number, w: number, h: number) => {
    if (colour !== fill) context.fillStyle = fill = colour;
    context.fillRect(x, y, w, h);
  };
  for (const shown of cards) {
    if (skip.has(shown.card.id) || !intersects(seen, shown.rect)) continue;
    const { rect } = shown;
    const { background, band } = coloursOf(shown);
    // Hidden cards (shown to the facilitator only) are dimmed, as in the DOM.
    if (shown.hidden) context.globalAlpha = 0.55;
    paint(background, rect.x, rect.y, rect.width, rect.height);
    paint(band, rect.x, rect.y, BAND, rect.height);
    if (shown.hidden) context.globalAlpha = 1;
  }
}

// The board's viewport outside React state: panning changes it on every wheel event, and a
// re-render of the whole board screen per frame was what made panning a big board stutter. The
// canvas applies it to the DOM itself; the few parts that show it (the zoom level) subscribe.
import { useSyncExternalStore } from "react";
import type { Viewport } from "./board-layout";

export class ViewportStore {
  private current: Viewport;
  private readonly listeners = new Set<() => void>();

  constructor(initial: Viewport) {
    this.current = initial;
  }

  readonly get = (): Viewport => this.current;

  readonly set = (next: Viewport | ((current: Viewport) => Viewport)): void => {
    const value = typeof next === "function" ? next(this.current) : next;
    const { x, y, zoom } = this.current;
    if (value.x === x && value.y === y && value.zoom === zoom) return;
    this.current = value;
    for (const listener of this.listeners) listener();
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The zoom, for what shows it: re-renders only when the zoom changes, not on every pan. */
export function useZoom(store: ViewportStore): number {
  const zoom = () => store.get().zoom;
  return useSyncExternalStore(store.subscribe, zoom, zoom);
}

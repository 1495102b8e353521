// The time left on a meeting's timer, counted down alike on every screen: the server's deadline
// against this device's clock corrected by the offset /live measured.
import { useEffect, useState } from "react";
import type { LiveTimer } from "../../../core/live";

/** Milliseconds left (never below zero), or null when no timer is set. */
export function remainingMs(
  timer: LiveTimer,
  clockOffsetMs: number,
  now = Date.now(),
): number | null {
  if (timer.kind === "idle") return null;
  if (timer.kind === "paused") return Math.max(0, timer.remainingMs);
  return Math.max(0, Date.parse(timer.deadline) - (now + clockOffsetMs));
}

/** "4:05", or "1:02:03" past an hour; seconds are rounded up, so 0:00 means the time is over. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** Re-renders a few times a second while the timer runs (a paused or idle one does not move). */
export function useCountdown(timer: LiveTimer | undefined, clockOffsetMs: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  const running = timer?.kind === "running";
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    // A quarter of a second keeps every screen within one displayed second of the others.
    const interval = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(interval);
  }, [running, timer]);
  return timer ? remainingMs(timer, clockOffsetMs, now) : null;
}

// The browser side of a pact's motions room on /live: a change notice makes the page read its
// motions again (each reader sees them as they may), so no ballot travels to whoever may not see it.
import { useEffect, useRef, useState } from "react";
import { useNavigation, useRevalidator } from "@remix-run/react";
import { io, type Socket } from "socket.io-client";
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "../../../core/live";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type MotionsLiveStatus = "connecting" | "connected" | "offline";

export function useMotionsLive(pactId: string) {
  const [status, setStatus] = useState<MotionsLiveStatus>("connecting");
  /** Grows with each change heard from others, so the page can say it updated. */
  const [updates, setUpdates] = useState(0);
  const revalidator = useRevalidator();
  // Reads the motions again; while a form is being sent or a page loads (which would abort the
  // reload), once that has ended.
  const navigating = useNavigation().state !== "idle";
  const stale = useRef(false);
  const reload = useRef(() => {});
  reload.current = () => {
    stale.current = navigating;
    if (navigating) return;
    revalidator.revalidate();
    setUpdates((n) => n + 1);
  };
  useEffect(() => {
    if (!navigating && stale.current) reload.current();
  }, [navigating]);

  useEffect(() => {
    const socket: LiveSocket = io(LIVE_NAMESPACE, { transports: ["websocket"] });
    let pending: ReturnType<typeof setTimeout> | null = null;
    socket.on("connect", () => {
      socket.emit("motions:join", { pactId }, (reply) => {
        setStatus(reply.ok ? "connected" : "offline");
      });
    });
    socket.on("disconnect", () => setStatus("offline"));
    socket.on("connect_error", () => setStatus("offline"));
    socket.on("motions:removed", () => {
      setStatus("offline");
      socket.disconnect();
    });
    socket.on("motions:changed", (message) => {
      if (message.pactId !== pactId) return;
      // A burst of ballots costs one reload.
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        reload.current();
      }, 150);
    });
    return () => {
      if (pending) clearTimeout(pending);
      socket.disconnect();
    };
  }, [pactId]);

  return { status, updates };
}

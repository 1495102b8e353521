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
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  // While a form is being sent (or a page loads) a reload would be aborted by it: wait for the end.
  const navigating = useNavigation().state !== "idle";
  const busy = useRef(navigating);
  busy.current = navigating;
  const stale = useRef(false);
  useEffect(() => {
    if (navigating || !stale.current) return;
    stale.current = false;
    revalidate.current();
    setUpdates((n) => n + 1);
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
        if (busy.current) {
          stale.current = true;
          return;
        }
        revalidate.current();
        setUpdates((n) => n + 1);
      }, 150);
    });
    return () => {
      if (pending) clearTimeout(pending);
      socket.disconnect();
    };
  }, [pactId]);

  return { status, updates };
}

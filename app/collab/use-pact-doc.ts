// The browser side of a pact's Yjs document: one Y.Doc for the whole pact (one fragment per
// section) kept in sync with /yjs/pact:<id> by the official y-websocket provider, which reconnects
// on its own and sends what was typed while offline. Its awareness carries who is writing where.
import { useEffect, useState } from "react";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { pactDocName } from "../../core/pact/extensions";
import type { ConnectionStatus } from "./use-board-doc";

export interface PactDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: ConnectionStatus;
  /** The first sync with the server is done: the fragments hold the stored sections. */
  synced: boolean;
  /** The server closed the connection for good (removed, access lost): the close code. */
  refusedCode: number | null;
}

/** What each client publishes in the awareness besides CollaborationCaret's `user`. */
export const SECTION_FIELD = "section";

// Close codes the server uses when it will not take this client back (docs/decisions/0007).
const FINAL_CLOSE_CODES = new Set([4401, 4403]);

function yjsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/yjs`;
}

/** Joins a pact's document for as long as the component is mounted (null until then, and in SSR). */
export function usePactDoc(pactId: string): PactDoc | null {
  const [state, setState] = useState<PactDoc | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    // Signed-in users only: the session cookie authenticates the socket.
    const provider = new WebsocketProvider(yjsUrl(), pactDocName(pactId), doc);
    let current: PactDoc = {
      doc,
      provider,
      status: "connecting",
      synced: false,
      refusedCode: null,
    };
    const publish = (patch: Partial<PactDoc>) => {
      current = { ...current, ...patch };
      setState(current);
    };
    publish({});
    const onStatus = ({ status }: { status: ConnectionStatus }) => publish({ status });
    const onSync = (synced: boolean) => publish({ synced: synced || current.synced });
    const onClose = (event: CloseEvent | null) => {
      if (event && FINAL_CLOSE_CODES.has(event.code)) {
        provider.shouldConnect = false;
        publish({ refusedCode: event.code, status: "disconnected" });
      }
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    return () => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onClose);
      provider.destroy();
      doc.destroy();
    };
  }, [pactId]);

  return state;
}

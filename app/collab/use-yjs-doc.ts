// The browser side of one Yjs document on /yjs: a Y.Doc kept in sync with the server by the
// official y-websocket provider, which reconnects on its own and sends what was written offline.
// Boards and pacts build on it (use-board-doc.ts, use-pact-doc.ts).
import { useEffect, useState } from "react";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";

export type ConnectionStatus = "connecting" | "connected" | "disconnected";

export interface YjsDocOptions {
  /** A meeting invite token (remote contributors); signed-in users go by their session cookie. */
  token?: string;
  /** The device key a remote contributor also gives /live, so a removal reaches both. */
  guestKey?: string;
  /** Set aside the provider's echo encoding while the server's sync is applied (large boards). */
  skipEchoEncoding?: boolean;
}

export interface YjsDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: ConnectionStatus;
  /** The first sync with the server is done: the document holds what the server stores. */
  synced: boolean;
  /** The server closed the connection for good (removed, access lost): the close code. */
  refusedCode: number | null;
}

/** How a client shows itself to the others in a document's awareness: a name, never an email. */
export interface AwarenessUser {
  name: string;
  color: string;
}

const COLOR = /^#[0-9a-f]{6}$/i;
const FALLBACK_COLOR = "#44546a";

/** The `user` another client published in its awareness state, checked; null when it has none. */
export function awarenessUser(state: unknown): AwarenessUser | null {
  const user = (state as { user?: { name?: unknown; color?: unknown } } | null)?.user;
  if (!user || typeof user.name !== "string") return null;
  return {
    name: user.name.slice(0, 60),
    color: typeof user.color === "string" && COLOR.test(user.color) ? user.color : FALLBACK_COLOR,
  };
}

function yjsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/yjs`;
}

// Close codes the server uses when it will not take this client back (docs/decisions/0007).
const FINAL_CLOSE_CODES = new Set([4401, 4403]);

/** The y-websocket message type of sync messages (y-websocket's `messageSync`). */
const MESSAGE_SYNC = 0;

/**
 * While a sync message from the server is applied, the provider's own `update` listener is set
 * aside: it ignores updates from the provider anyway, but merely listening makes Yjs encode every
 * transaction again, and a cold board of 5,000 cards spent 150 ms encoding what it had just read.
 */
function skipEchoEncoding(provider: WebsocketProvider) {
  const internal = provider as unknown as {
    _updateHandler?: (update: Uint8Array, origin: unknown) => void;
    messageHandlers: ((...args: unknown[]) => void)[];
  };
  const onUpdate = internal._updateHandler;
  const onSync = internal.messageHandlers[MESSAGE_SYNC];
  if (!onUpdate || !onSync) return;
  internal.messageHandlers[MESSAGE_SYNC] = (...args) => {
    provider.doc.off("update", onUpdate);
    try {
      onSync(...args);
    } finally {
      provider.doc.on("update", onUpdate);
    }
  };
}

/** Connects to the document `docName` for as long as the component is mounted (null until then). */
export function useYjsDoc(docName: string, options: YjsDocOptions = {}): YjsDoc | null {
  const { token, guestKey, skipEchoEncoding: skipEcho = false } = options;
  const [state, setState] = useState<YjsDoc | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const params: Record<string, string> = {};
    if (token) params.token = token;
    if (guestKey) params.guestKey = guestKey;
    const provider = new WebsocketProvider(yjsUrl(), docName, doc, { params });
    if (skipEcho) skipEchoEncoding(provider);
    let current: YjsDoc = {
      doc,
      provider,
      status: "connecting",
      synced: false,
      refusedCode: null,
    };
    const publish = (patch: Partial<YjsDoc>) => {
      current = { ...current, ...patch };
      setState(current);
    };
    publish({});
    const onStatus = ({ status }: { status: ConnectionStatus }) => publish({ status });
    const onSync = (synced: boolean) => publish({ synced: synced || current.synced });
    const onClose = (event: CloseEvent | null) => {
      if (event && FINAL_CLOSE_CODES.has(event.code)) {
        // Reconnecting would be refused again: stop, and say why.
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
  }, [docName, token, guestKey, skipEcho]);

  return state;
}

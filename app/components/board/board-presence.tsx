// Who else is on the board and where their pointer is, over Yjs awareness (the provider's
// `awareness`): a display name, a colour and a cursor in board coordinates; never an email.
import { useEffect, useMemo, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import { useI18n } from "../../i18n/use-i18n";
import { awarenessUser } from "../../collab/use-yjs-doc";

export interface Peer {
  clientId: number;
  name: string;
  color: string;
  cursor: { x: number; y: number } | null;
}

/** Dark enough for white initials and for a name label on white (contrast ≥ 4.5:1). */
const PEER_COLORS = ["#9b1c31", "#0b5394", "#1e6b36", "#6a1b9a", "#8a4b00", "#00626b", "#44546a"];

export function colorOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return PEER_COLORS[hash % PEER_COLORS.length]!;
}

const CURSOR_INTERVAL_MS = 50;

function peersOf(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = awarenessUser(state);
    if (!user) continue;
    const cursor = (state as { cursor?: { x?: unknown; y?: unknown } | null }).cursor;
    peers.push({
      clientId,
      ...user,
      cursor:
        cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y)
          ? { x: cursor.x as number, y: cursor.y as number }
          : null,
    });
  }
  return peers;
}

function usePeers(awareness: Awareness | null): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    if (!awareness) return;
    let frame: number | null = null;
    const update = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setPeers(peersOf(awareness));
      });
    };
    update();
    awareness.on("change", update);
    return () => {
      awareness.off("change", update);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [awareness]);
  return peers;
}

/** Says who I am on the board, and gives a throttled (about 20 Hz) way to share my pointer. */
export function useLocalPresence(awareness: Awareness | null, name: string) {
  useEffect(() => {
    if (!awareness) return;
    awareness.setLocalStateField("user", { name, color: colorOf(name) });
  }, [awareness, name]);

  return useMemo(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let latest: { x: number; y: number } | null = null;
    const send = () => {
      timer = null;
      last = Date.now();
      awareness?.setLocalStateField("cursor", latest);
    };
    return (cursor: { x: number; y: number } | null) => {
      latest = cursor && { x: Math.round(cursor.x), y: Math.round(cursor.y) };
      if (timer !== null) return;
      const wait = CURSOR_INTERVAL_MS - (Date.now() - last);
      if (wait <= 0) send();
      else timer = setTimeout(send, wait);
    };
  }, [awareness]);
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts[0]?.[0] ?? "?").toUpperCase() + (parts[1]?.[0] ?? "").toUpperCase();
}

const MAX_AVATARS = 8;

export function PresenceAvatars({ awareness }: { awareness: Awareness | null }) {
  const { t } = useI18n();
  const peers = usePeers(awareness);
  // One avatar per name: two tabs of one person are one presence.
  const people = [...new Map(peers.map((p) => [p.name, p])).values()];
  if (people.length === 0) return null;
  return (
    <div className="board-presence">
      <span className="visually-hidden">{t("board.presence")}</span>
      <ul className="board-presence__list">
        {people.slice(0, MAX_AVATARS).map((peer) => (
          <li
            key={peer.clientId}
            className="board-presence__avatar"
            style={{ background: peer.color }}
            title={peer.name}
          >
            <span aria-hidden="true">{initials(peer.name)}</span>
            <span className="visually-hidden">{peer.name}</span>
          </li>
        ))}
      </ul>
      {people.length > MAX_AVATARS && (
        <span className="board-presence__more">
          {t("board.presence_more", { count: people.length - MAX_AVATARS })}
        </span>
      )}
    </div>
  );
}

/** Others' pointers, drawn in the board's coordinates; kept the same size whatever the zoom. */
export function PeerCursors({ awareness, zoom }: { awareness: Awareness | null; zoom: number }) {
  const peers = usePeers(awareness);
  return (
    <>
      {peers
        .filter((peer) => peer.cursor)
        .map((peer) => (
          <div
            key={peer.clientId}
            className="board-cursor"
            aria-hidden="true"
            style={{
              transform: `translate(${peer.cursor!.x}px, ${peer.cursor!.y}px) scale(${1 / zoom})`,
            }}
          >
            <svg width="18" height="18" viewBox="0 0 18 18">
              <path
                d="M1 1 L1 15 L5 11 L8 17 L10 16 L7 10 L13 10 Z"
                fill={peer.color}
                stroke="#fff"
              />
            </svg>
            <span className="board-cursor__name" style={{ background: peer.color }}>
              {peer.name}
            </span>
          </div>
        ))}
    </>
  );
}

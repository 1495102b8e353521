// The browser side of /live: a meeting's server-authoritative state, presence and vote tally, and
// the commands and ballots sent back, over one socket.io connection per mounted meeting view.
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ContributorGroup } from "../../core/domain";
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type CommandAck,
  type DotAllocation,
  type LiveCommand,
  type LiveState,
  type MeetingRemovalReason,
  type PresenceEntry,
  type ServerToClientEvents,
  type VoteCastAck,
  type VoteTallyMessage,
} from "../../core/live";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface GuestIntroduction {
  /** The meeting invite token from the link. */
  token: string;
  /** Empty: anonymous. */
  name: string;
  group: ContributorGroup | null;
  guestKey: string;
}

export interface LiveMeeting {
  state: LiveState | null;
  presence: PresenceEntry[];
  tally: VoteTallyMessage | null;
  connected: boolean;
  /** Why the server took this view out of the meeting, if it did. */
  removed: MeetingRemovalReason | null;
  /** The join was refused (no access, meeting gone): the server's message. */
  error: string | null;
  /** Server clock minus this device's, so every screen counts a timer down alike. */
  clockOffsetMs: number;
  command(command: LiveCommand): Promise<CommandAck>;
  castVote(motionId: string, allocation: DotAllocation): Promise<VoteCastAck>;
  myVote(motionId: string): Promise<DotAllocation>;
}

const offline = { ok: false as const, error: { code: "internal" as const, message: "offline" } };

export function useLive(meetingId: string, guest?: GuestIntroduction): LiveMeeting {
  const [state, setState] = useState<LiveState | null>(null);
  const [presence, setPresence] = useState<PresenceEntry[]>([]);
  const [tally, setTally] = useState<VoteTallyMessage | null>(null);
  const [connected, setConnected] = useState(false);
  const [removed, setRemoved] = useState<MeetingRemovalReason | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const socketRef = useRef<LiveSocket | null>(null);
  const guestToken = guest?.token;
  const guestName = guest?.name;
  const guestGroup = guest?.group;
  const guestKey = guest?.guestKey;

  useEffect(() => {
    const auth = guestToken
      ? { token: guestToken, name: guestName ?? "", group: guestGroup ?? undefined, guestKey }
      : {};
    const socket: LiveSocket = io(LIVE_NAMESPACE, { auth, transports: ["websocket"] });
    socketRef.current = socket;
    let version = -1;
    const accept = (message: { meetingId: string; state: LiveState; serverTime: string }) => {
      if (message.meetingId !== meetingId || message.state.version < version) return;
      version = message.state.version;
      setState(message.state);
      setClockOffsetMs(Date.parse(message.serverTime) - Date.now());
    };
    socket.on("connect", () => {
      setConnected(true);
      socket.emit("meeting:join", { meetingId }, (reply) => {
        if (reply.ok) {
          setError(null);
          accept(reply);
        } else setError(reply.error.message);
      });
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("connect_error", (reason) => setError(reason.message));
    socket.on("meeting:state", accept);
    socket.on("meeting:presence", (message) => {
      if (message.meetingId === meetingId) setPresence(message.people);
    });
    socket.on("vote:tally", (message) => {
      if (message.meetingId === meetingId) setTally(message);
    });
    socket.on("meeting:removed", (message) => {
      if (message.meetingId !== meetingId) return;
      setRemoved(message.reason);
      socket.disconnect();
    });
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [meetingId, guestToken, guestName, guestGroup, guestKey]);

  const command = useCallback(
    async (command: LiveCommand): Promise<CommandAck> => {
      const socket = socketRef.current;
      if (!socket?.connected) return offline;
      return socket.emitWithAck("meeting:command", { meetingId, command });
    },
    [meetingId],
  );
  const castVote = useCallback(
    async (motionId: string, allocation: DotAllocation): Promise<VoteCastAck> => {
      const socket = socketRef.current;
      if (!socket?.connected) return offline;
      return socket.emitWithAck("vote:cast", { meetingId, motionId, allocation });
    },
    [meetingId],
  );
  const myVote = useCallback(
    async (motionId: string): Promise<DotAllocation> => {
      const socket = socketRef.current;
      if (!socket?.connected) return {};
      const reply = await socket.emitWithAck("vote:mine", { meetingId, motionId });
      return reply.ok ? reply.allocation : {};
    },
    [meetingId],
  );

  return {
    state,
    presence,
    tally,
    connected,
    removed,
    error,
    clockOffsetMs,
    command,
    castVote,
    myVote,
  };
}

// socket.io clients of /live in tests: the typed socket, waiting for a message, running a command.
import { io, type Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  LiveCommand,
  MeetingPresenceMessage,
  MeetingRemovedMessage,
  MeetingStateMessage,
  ServerToClientEvents,
  VoteTallyMessage,
} from "../../core/live";

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

type Messages = {
  "meeting:state": MeetingStateMessage;
  "meeting:presence": MeetingPresenceMessage;
  "meeting:removed": MeetingRemovedMessage;
  "vote:tally": VoteTallyMessage;
};

/** The first `event` matching `test`; set up before the action that causes it. */
export function nextMessage<E extends keyof Messages>(
  socket: LiveClient,
  event: E,
  test: (message: Messages[E]) => boolean,
): Promise<Messages[E]> {
  const raw = socket as unknown as Socket;
  const name: string = event;
  return new Promise((resolve) => {
    const listener = (message: Messages[E]) => {
      if (!test(message)) return;
      raw.off(name, listener);
      resolve(message);
    };
    raw.on(name, listener);
  });
}

/** Runs a command that must be accepted; its new state. */
export async function acceptedCommand(socket: LiveClient, meetingId: string, command: LiveCommand) {
  const reply = await socket.emitWithAck("meeting:command", { meetingId, command });
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply.error)}`);
  return reply.state;
}

/**
 * A socket.io client of /live (websocket transport, no reconnection), resolved once connected or
 * rejected with the server's refusal; pushed onto `opened` first, so the test can close it.
 */
export function connectLive(
  baseUrl: string,
  options: { auth?: Record<string, unknown>; extraHeaders?: Record<string, string> },
  opened: LiveClient[],
): Promise<LiveClient> {
  const socket: LiveClient = io(`${baseUrl}/live`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

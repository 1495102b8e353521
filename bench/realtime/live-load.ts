// Child process: the meeting-control load. N socket.io clients (websocket transport) in one meeting
// room; a facilitator's socket moves the meeting to another agenda step (`step.set`), one change at
// a time, and every client timestamps the `meeting:state` it receives. Against Tavolo's /live or
// the raw socket.io floor.
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { childArgs, finish, latencyStats, progress, sleep, type LatencyStats } from "./ipc";

export interface LiveArgs {
  url: string;
  target: "tavolo" | "raw";
  token: string;
  meetingId: string;
  clients: number;
  changes: number;
  warmupChanges: number;
  /** Pause between one change's last delivery and the next change. */
  pauseMs: number;
}

export interface LiveResult {
  latency: LatencyStats;
  /** Command sent → its ack at the facilitator. */
  ack: LatencyStats;
  lost: number;
  payloadBytes: number;
}

interface StateMessage {
  meetingId: string;
  state: { version: number; step: { id: string } | null };
  serverTime: string;
}
type Ack = { ok: boolean; error?: { code: string; message: string } } & Partial<StateMessage>;

const args = childArgs<LiveArgs>();
const room = `meeting:${args.meetingId}`;

/**
 * The step ids to move through, in order: the meeting's agenda (read through the API) from its
 * second step round to its first, which `meeting.start` entered. The raw floor has made-up ids.
 */
async function agendaSteps(): Promise<string[]> {
  if (args.target === "raw") return ["step-2", "step-3", "step-1"];
  const response = await fetch(`${args.url}/api/v1/meetings/${args.meetingId}`, {
    headers: { authorization: `Bearer ${args.token}` },
  });
  if (!response.ok) throw new Error(`meeting not read: HTTP ${response.status}`);
  const { agenda } = (await response.json()) as { agenda: { id: string }[] };
  if (agenda.length < 2) throw new Error("the bench meeting needs an agenda of at least two steps");
  const ids = agenda.map((item) => item.id);
  return [...ids.slice(1), ids[0]!];
}

function connect(): Promise<Socket> {
  const socket = io(`${args.url}/live`, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: args.target === "tavolo" ? { token: args.token } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function emit(socket: Socket, event: string, ...payload: unknown[]): Promise<Ack> {
  return new Promise((resolve, reject) => {
    socket
      .timeout(30_000)
      .emit(event, ...payload, (error: Error | null, reply: Ack) =>
        error ? reject(error) : resolve(reply),
      );
  });
}

async function join(socket: Socket) {
  const reply =
    args.target === "tavolo"
      ? await emit(socket, "meeting:join", { meetingId: args.meetingId })
      : await emit(socket, "join", room);
  if (!reply.ok) throw new Error(`join refused: ${JSON.stringify(reply.error)}`);
}

let version = 0;
let lastState: StateMessage | null = null;

/** One step change; resolves with the ack time. The raw floor is sent a state of the same shape. */
async function change(facilitator: Socket, stepId: string): Promise<{ version: number; ack: Ack }> {
  if (args.target === "tavolo") {
    const ack = await emit(facilitator, "meeting:command", {
      meetingId: args.meetingId,
      command: { type: "step.set", stepId },
    });
    if (!ack.ok || !ack.state) throw new Error(`command refused: ${JSON.stringify(ack.error)}`);
    return { version: ack.state.version, ack };
  }
  version += 1;
  const step = { id: stepId, title: stepId, writing: true, voting: false, editing: true };
  const state = { ...lastState!.state, version, step };
  const message = { meetingId: args.meetingId, state, serverTime: new Date().toISOString() };
  return { version, ack: await emit(facilitator, "emit", room, message) };
}

async function main() {
  const steps = await agendaSteps();
  const facilitator = await connect();
  if (args.target === "tavolo") {
    // A meeting moves between steps only once it is live.
    const start = await emit(facilitator, "meeting:command", {
      meetingId: args.meetingId,
      command: { type: "meeting.start" },
    });
    if (!start.ok) throw new Error(`start refused: ${JSON.stringify(start.error)}`);
    lastState = start as StateMessage;
  } else {
    lastState = {
      meetingId: args.meetingId,
      state: {
        version: 0,
        status: "live",
        phase: "open",
        step: { id: "step-1", title: "step-1", writing: true, voting: false, editing: true },
        timer: { kind: "idle" },
        spotlight: { kind: "none" },
        motion: null,
        boardLocked: false,
        privateWriting: false,
        hiddenCards: [],
        removedGuests: [],
      } as StateMessage["state"],
      serverTime: new Date().toISOString(),
    };
  }

  // version → send time, and how many clients still have to receive it.
  const sent = new Map<number, { at: number; remaining: number; measured: boolean }>();
  const samples: number[] = [];
  const acks: number[] = [];
  let payloadBytes = 0;
  let waiting: (() => void) | null = null;
  const clients: Socket[] = [];
  for (let i = 0; i < args.clients; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, args.clients - i) }, () => connect()),
    );
    await Promise.all(batch.map(join));
    clients.push(...batch);
  }
  for (const socket of clients) {
    socket.on("meeting:state", (message: StateMessage) => {
      const entry = sent.get(message.state.version);
      if (!entry) return;
      if (entry.measured) samples.push(performance.now() - entry.at);
      if (!payloadBytes) payloadBytes = JSON.stringify(message).length;
      entry.remaining -= 1;
      if (entry.remaining === 0) waiting?.();
    });
  }
  progress(`${args.clients} sockets joined ${room}`);
  await sleep(1000); // the presence announcements of the last joins

  let lost = 0;
  for (let i = 0; i < args.warmupChanges + args.changes; i++) {
    const measured = i >= args.warmupChanges;
    const stepId = steps[i % steps.length]!;
    const expectedVersion: number = (lastState?.state.version ?? 0) + 1;
    const entry = { at: performance.now(), remaining: args.clients, measured };
    // Registered before sending: the first deliveries may beat the ack.
    sent.set(expectedVersion, entry);
    const delivered = new Promise<void>((resolve) => (waiting = resolve));
    const { version: got } = await change(facilitator, stepId);
    if (measured) acks.push(performance.now() - entry.at);
    if (got !== expectedVersion) throw new Error(`version ${got}, expected ${expectedVersion}`);
    lastState = {
      ...lastState!,
      state: { ...lastState!.state, version: got, step: { id: stepId } },
    };
    await Promise.race([delivered, sleep(10_000)]);
    if (measured) lost += entry.remaining;
    sent.delete(expectedVersion);
    await sleep(args.pauseMs);
  }

  for (const socket of [facilitator, ...clients]) socket.disconnect();
  const result: LiveResult = {
    latency: latencyStats(samples),
    ack: latencyStats(acks),
    lost,
    payloadBytes,
  };
  await finish(result);
}

await main();
process.exit(0);

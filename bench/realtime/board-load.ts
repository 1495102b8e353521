// Child process: a 5,000-card board. `push` writes it through the endpoint as clients would (cards
// added in batches); `join` times a join with an empty document from the client's side; `moves`
// moves cards as the board does (core/board-positions.ts), one update per move, from several clients.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { BOARD_MAPS, putCard } from "../../core/board";
import {
  readPositions,
  setPosition,
  setPositions,
  type CardPosition,
} from "../../core/board-positions";
import { childArgs, finish, progress, sleep } from "./ipc";
import { Framer, MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from "./wire";

export type BoardArgs = {
  baseUrl: string;
  docName: string;
  query: string;
} & (
  | { mode: "push"; cards: number; cardsPerUpdate: number }
  | {
      mode: "join";
      joins: number;
      /** Keep one more client connected throughout, so that every join finds the room loaded. */
      holdRoom: boolean;
    }
  | { mode: "moves"; moves: number; clients: number; movesPerSecond: number }
);

export interface PushResult {
  docBytes: number;
  updates: number;
}
export interface JoinTiming {
  /** Upgrade request → socket open (Tavolo authenticates and loads the room before it answers). */
  openMs: number;
  /** Sync step 1 sent → sync step 2 received. */
  syncMs: number;
  /** Upgrade request → sync step 2 received. */
  totalMs: number;
  step2Bytes: number;
}
export interface MovesResult {
  /** First move sent → every client's last move committed (its sync step 2 received). */
  seconds: number;
  moves: number;
  meanUpdateBytes: number;
  /** Where the clients left every card: [card id, x, y], the server must hold the same. */
  positions: [string, number, number][];
}

const args = childArgs<BoardArgs>();
const framer = new Framer("y-websocket", args.docName);
const url = `${args.baseUrl}/${args.docName}${args.query ? `?${args.query}` : ""}`;
const WORDS =
  "proposta genitori scuola quartiere spazio verde giovani sport biblioteca orari".split(" ");

/** Sockets the client closed itself; the server closing any other is an error. */
const terminated = new WeakSet<WebSocket>();
function terminate(socket: WebSocket) {
  terminated.add(socket);
  socket.terminate();
}

/**
 * A socket that answers the server's sync step 1 and hands every sync step 2 to `onStep2`. Once
 * open, a close the client did not ask for (`terminate`) ends the process with an error: a
 * writer the server closed (its message rate, say) would otherwise wait for its last step 2 forever.
 */
function open(doc: Y.Doc, onStep2: (update: Uint8Array) => void): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  socket.binaryType = "nodebuffer";
  socket.on("message", (data: Buffer) => {
    const frame = framer.read(data);
    if (frame.type !== MESSAGE_SYNC) return;
    const payload = data.subarray(frame.start, frame.end);
    if (frame.subType === SYNC_STEP_1) {
      socket.send(framer.sync(SYNC_STEP_2, Y.encodeStateAsUpdate(doc, payload)));
    } else if (frame.subType === SYNC_STEP_2) {
      onStep2(payload);
    }
  });
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      resolve(socket);
      socket.once("close", (code, reason) => {
        if (terminated.has(socket)) return;
        console.error(`the server closed a socket: ${code} ${String(reason)}`);
        process.exit(1);
      });
    });
    socket.once("error", reject);
    socket.once("close", (code, reason) => reject(new Error(`closed: ${code} ${reason}`)));
  });
}

/** Sends sync step 1 and resolves with the step 2 (Tavolo sends it once its commits are done). */
function syncOnce(socket: WebSocket, doc: Y.Doc, step2: { next?: (u: Uint8Array) => void }) {
  return new Promise<Uint8Array>((resolve) => {
    step2.next = resolve;
    socket.send(framer.sync(SYNC_STEP_1, Y.encodeStateVector(doc)));
  });
}

function cardText(i: number): string {
  const words: string[] = [];
  const length = 20 + ((i * 37) % 81); // 20 to 100 characters
  while (words.join(" ").length < length) words.push(WORDS[(i + words.length * 7) % WORDS.length]!);
  return words.join(" ").slice(0, length);
}

async function push(cards: number, perUpdate: number): Promise<PushResult> {
  const doc = new Y.Doc();
  const step2: { next?: (u: Uint8Array) => void } = {};
  const socket = await open(doc, (u) => step2.next?.(u));
  await syncOnce(socket, doc, step2);
  let updates = 0;
  doc.on("update", (update: Uint8Array) => {
    updates += 1;
    socket.send(framer.sync(SYNC_UPDATE, update));
  });
  for (let i = 0; i < cards; i += perUpdate) {
    doc.transact(() => {
      const placed: [string, CardPosition][] = [];
      for (let k = i; k < Math.min(cards, i + perUpdate); k++) {
        const id = randomUUID();
        putCard(doc, id, {
          text: cardText(k),
          authorLabel: `Persona ${k % 40}`,
          group: k % 3 === 0 ? "Genitori" : null,
          createdAt: Date.now(),
        });
        placed.push([id, { x: (k * 97) % 4000, y: (k * 61) % 3000 }]);
      }
      setPositions(doc, placed);
    });
    await sleep(20); // a steady stream, well under the endpoint's message rate
  }
  await syncOnce(socket, doc, step2); // answered once everything is committed
  terminate(socket);
  return { docBytes: Y.encodeStateAsUpdate(doc).length, updates };
}

async function join(): Promise<JoinTiming> {
  const doc = new Y.Doc();
  const step2: { next?: (u: Uint8Array) => void } = {};
  const started = performance.now();
  const socket = await open(doc, (u) => step2.next?.(u));
  const opened = performance.now();
  const update = await syncOnce(socket, doc, step2);
  const done = performance.now();
  terminate(socket);
  Y.applyUpdate(doc, update);
  const cards = doc.getMap(BOARD_MAPS.cards).size;
  if (cards === 0) throw new Error("joined an empty board");
  return {
    openMs: opened - started,
    syncMs: done - opened,
    totalMs: done - started,
    step2Bytes: update.length,
  };
}

async function moves(total: number, clients: number, perSecond: number): Promise<MovesResult> {
  const writers = await Promise.all(
    Array.from({ length: clients }, async () => {
      const doc = new Y.Doc();
      const step2: { next?: (u: Uint8Array) => void } = {};
      const socket = await open(doc, (u) => step2.next?.(u));
      Y.applyUpdate(doc, await syncOnce(socket, doc, step2));
      return { doc, socket, step2 };
    }),
  );
  const ids = [...writers[0]!.doc.getMap(BOARD_MAPS.cards).keys()].sort();
  progress(`${clients} writers synced on ${ids.length} cards`);
  let bytes = 0;
  const started = performance.now();
  // Each writer moves its own share of the cards, so that no writer needs the others' moves: the
  // document ends up as if every client had seen every move.
  await Promise.all(
    writers.map(async ({ doc, socket }, w) => {
      const mine = ids.filter((_, i) => i % clients === w);
      const count = Math.floor(total / clients) + (w < total % clients ? 1 : 0);
      doc.on("update", (update: Uint8Array) => {
        bytes += update.length;
        socket.send(framer.sync(SYNC_UPDATE, update));
      });
      const t0 = performance.now();
      for (let m = 0; m < count; m++) {
        const id = mine[Math.floor(Math.random() * mine.length)]!;
        setPosition(doc, id, {
          x: Math.round(Math.random() * 4000),
          y: Math.round(Math.random() * 3000),
        });
        // Paced at `perSecond` per writer, in steps of ten moves.
        if (m % 10 === 9)
          await sleep(Math.max(0, t0 + ((m + 1) * 1000) / perSecond - performance.now()));
      }
    }),
  );
  for (const { socket, doc, step2 } of writers) await syncOnce(socket, doc, step2);
  const seconds = (performance.now() - started) / 1000;
  for (const { socket } of writers) terminate(socket);
  // Each writer moved only its own cards, so each card's last position is in its writer's document.
  const positions: [string, number, number][] = [];
  writers.forEach(({ doc }, w) => {
    const own = readPositions(doc);
    ids.forEach((id, i) => {
      const at = own.get(id);
      if (i % clients === w && at) positions.push([id, at.x, at.y]);
    });
  });
  return { seconds, moves: total, meanUpdateBytes: bytes / total, positions };
}

if (args.mode === "push") {
  await finish(await push(args.cards, args.cardsPerUpdate));
} else if (args.mode === "join") {
  let holder: WebSocket | null = null;
  if (args.holdRoom) {
    const doc = new Y.Doc();
    const step2: { next?: (u: Uint8Array) => void } = {};
    holder = await open(doc, (u) => step2.next?.(u));
    Y.applyUpdate(doc, await syncOnce(holder, doc, step2));
  }
  const timings: JoinTiming[] = [];
  for (let i = 0; i < args.joins; i++) timings.push(await join());
  if (holder) terminate(holder);
  await finish(timings);
} else {
  await finish(await moves(args.moves, args.clients, args.movesPerSecond));
}
process.exit(0);

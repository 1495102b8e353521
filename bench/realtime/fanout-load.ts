// Child process: the fan-out load. N light clients on one document speak the y-websocket protocol
// directly (no Y.Doc per receiver): each sends one small Yjs update a second, the sends of all
// clients spread evenly over the second, and every client timestamps the updates it receives.
import { performance, monitorEventLoopDelay } from "node:perf_hooks";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { childArgs, finish, latencyStats, progress, sleep, type LatencyStats } from "./ipc";
import {
  Framer,
  HOCUSPOCUS_AUTH_AUTHENTICATED,
  HOCUSPOCUS_AUTH_PERMISSION_DENIED,
  MESSAGE_AUTH,
  MESSAGE_SYNC,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
  type Dialect,
} from "./wire";

export interface FanoutArgs {
  /** Base ws URL, e.g. ws://127.0.0.1:1234/yjs (the document name is appended). */
  baseUrl: string;
  docName: string;
  /** Query string for each connection (Tavolo's `token=`), or "". */
  query: string;
  dialect: Dialect;
  clients: number;
  warmupSeconds: number;
  seconds: number;
  /** Check with the official provider, during the warm-up, that the server relays our frames. */
  sanity: "y-websocket" | "hocuspocus" | null;
}

export interface FanoutResult {
  latency: LatencyStats;
  expected: number;
  lost: number;
  unknownFrames: number;
  updateBytes: { mean: number; max: number };
  measuredSends: number;
  loadLagP99Ms: number;
  sanity: string;
  /** When the measured window started and ended (performance.timeOrigin-based epoch ms). */
  window: { start: number; end: number };
}

const args = childArgs<FanoutArgs>();
const framer = new Framer(args.dialect, args.docName);
const url = `${args.baseUrl}/${args.docName}${args.query ? `?${args.query}` : ""}`;

interface Pending {
  sentAt: number;
  sender: number;
  remaining: number;
  measured: boolean;
}
const pending = new Map<string, Pending>();
const samples: number[] = [];
let unknownFrames = 0;
let lost = 0;
let expected = 0;
let measuredSends = 0;
const updateSizes: number[] = [];

class LightClient {
  readonly socket: WebSocket;
  /** Only to produce this client's own updates: what others send is never applied here. */
  private readonly doc = new Y.Doc();
  private readonly key: string;
  private seq = 0;
  readonly synced: Promise<void>;

  constructor(readonly index: number) {
    this.key = `c${index}`;
    this.socket = new WebSocket(url, { perMessageDeflate: false });
    this.socket.binaryType = "nodebuffer";
    this.synced = new Promise((resolve, reject) => {
      this.socket.once("error", reject);
      this.socket.once("close", (code, reason) =>
        reject(new Error(`client ${index} closed: ${code} ${reason.toString()}`)),
      );
      this.socket.once("open", () => {
        if (args.dialect === "relay") return resolve();
        if (args.dialect === "hocuspocus") this.socket.send(framer.hocuspocusAuth(""));
        this.socket.send(framer.sync(SYNC_STEP_1, Y.encodeStateVector(this.doc)));
      });
      this.socket.on("message", (data: Buffer) => this.receive(data, resolve, reject));
    });
  }

  private receive(data: Buffer, synced: () => void, failed: (error: Error) => void) {
    const frame = framer.read(data);
    if (frame.type === MESSAGE_SYNC) {
      if (frame.subType === SYNC_UPDATE) {
        const entry = pending.get(data.toString("latin1", frame.start, frame.end));
        if (!entry) {
          unknownFrames += 1;
          return;
        }
        // Hocuspocus echoes to the sender too: that copy counts as a delivery, not as a sample.
        if (entry.measured && entry.sender !== this.index) {
          samples.push(performance.now() - entry.sentAt);
        }
        entry.remaining -= 1;
        if (entry.remaining === 0) pending.delete(data.toString("latin1", frame.start, frame.end));
      } else if (frame.subType === SYNC_STEP_1) {
        const stateVector = data.subarray(frame.start, frame.end);
        this.socket.send(framer.sync(SYNC_STEP_2, Y.encodeStateAsUpdate(this.doc, stateVector)));
      } else if (frame.subType === SYNC_STEP_2) {
        synced();
      }
    } else if (frame.type === MESSAGE_AUTH && args.dialect === "hocuspocus") {
      if (frame.subType === HOCUSPOCUS_AUTH_PERMISSION_DENIED) failed(new Error("denied"));
      else if (frame.subType !== HOCUSPOCUS_AUTH_AUTHENTICATED) unknownFrames += 1;
    }
    // Awareness, Hocuspocus' sync-status acks: not part of the measure.
  }

  /** One ~30-byte update: this client's own key in a shared map, set to a new short value. */
  send(measured: boolean) {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    this.doc.once("update", capture);
    this.seq += 1;
    this.doc.getMap("fanout").set(this.key, this.seq.toString(36));
    if (!update) throw new Error("no update");
    const bytes: Uint8Array = update;
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
    const receivers = args.dialect === "hocuspocus" ? args.clients : args.clients - 1;
    if (measured) {
      measuredSends += 1;
      expected += receivers;
      updateSizes.push(bytes.length);
    }
    pending.set(key, {
      sentAt: performance.now(),
      sender: this.index,
      remaining: receivers,
      measured,
    });
    this.socket.send(framer.sync(SYNC_UPDATE, bytes));
  }
}

/** The official client on the same document: proves the server takes our frames as its own. */
async function sanityCheck(): Promise<() => string> {
  const doc = new Y.Doc();
  const polyfill = WebSocket as unknown as typeof globalThis.WebSocket;
  if (args.sanity === "y-websocket") {
    const provider = new WebsocketProvider(args.baseUrl, args.docName, doc, {
      WebSocketPolyfill: polyfill,
      params: Object.fromEntries(new URLSearchParams(args.query)),
      disableBc: true,
    });
    return () => {
      const seen = doc.getMap("fanout").size;
      provider.destroy();
      return `official y-websocket client saw updates of ${seen}/${args.clients} clients`;
    };
  }
  const socket = new HocuspocusProviderWebsocket({
    url: args.baseUrl,
    WebSocketPolyfill: polyfill,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: args.docName,
    document: doc,
  });
  provider.attach(); // a shared websocketProvider is not attached by itself
  return () => {
    const seen = doc.getMap("fanout").size;
    provider.destroy();
    socket.destroy();
    return `HocuspocusProvider saw updates of ${seen}/${args.clients} clients`;
  };
}

async function main() {
  const clients: LightClient[] = [];
  for (let i = 0; i < args.clients; i += 20) {
    const batch = Array.from(
      { length: Math.min(20, args.clients - i) },
      (_, k) => new LightClient(i + k),
    );
    await Promise.all(batch.map((c) => c.synced));
    clients.push(...batch);
  }
  progress(`${args.clients} clients connected and synced`);
  const finishSanity = args.sanity ? await sanityCheck() : null;

  const lag = monitorEventLoopDelay({ resolution: 5 });
  const totalSeconds = args.warmupSeconds + args.seconds;
  const start = performance.now() + 200;
  const windowStart = start + args.warmupSeconds * 1000;
  const windowEnd = start + totalSeconds * 1000;
  let sanity = "";
  const sends = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        let tick = 0;
        const offset = (client.index * 1000) / args.clients;
        const next = () => {
          if (tick >= totalSeconds) return resolve();
          const at = start + offset + tick * 1000;
          setTimeout(
            () => {
              client.send(tick >= args.warmupSeconds);
              tick += 1;
              next();
            },
            Math.max(0, at - performance.now()),
          );
        };
        next();
      }),
  );
  setTimeout(
    () => {
      if (finishSanity) sanity = finishSanity();
      lag.enable();
    },
    windowStart - performance.now() - 100,
  );
  await Promise.all(sends);
  await sleep(3000); // the last deliveries
  lag.disable();
  for (const entry of pending.values()) if (entry.measured) lost += entry.remaining;
  for (const client of clients) client.socket.terminate();

  const result: FanoutResult = {
    latency: latencyStats(samples),
    expected,
    lost,
    unknownFrames,
    updateBytes: {
      mean: updateSizes.reduce((a, b) => a + b, 0) / Math.max(1, updateSizes.length),
      max: Math.max(...updateSizes),
    },
    measuredSends,
    loadLagP99Ms: lag.percentile(99) / 1e6,
    sanity,
    window: {
      start: performance.timeOrigin + windowStart,
      end: performance.timeOrigin + windowEnd,
    },
  };
  await finish(result);
}

await main();
process.exit(0);

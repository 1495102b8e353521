// Scale-out on Redis (REDIS_URL, docs/decisions/0008-scale-out-on-redis.md): the connections, the
// Yjs relay and socket.io's Redis adapter. An outage is logged, never fatal: every instance keeps
// serving its own clients, node-redis reconnects, and what was missed is read from the database.
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { createAdapter } from "@socket.io/redis-adapter";
import { logger } from "../logger";
import type { DocumentRelay } from "../yjs/relay";
import { createRedisRelay } from "./redis-relay";

export type Redis = ReturnType<typeof createClient>;

const log = logger("redis");

/** How long the start waits for Redis before serving anyway (the clients go on reconnecting). */
const CONNECT_WAIT_MS = 5_000;
const CLOSE_WAIT_MS = 2_000;

export const DEFAULT_REDIS_PREFIX = "tavolo:";

export interface ScaleOutOptions {
  url: string;
  /** Prefix of every channel (tests give each its own, so parallel runs never hear each other). */
  prefix?: string;
}

export interface ScaleOut {
  /** This instance's id in relayed messages and in its Redis connections' names. */
  instanceId: string;
  relay: DocumentRelay;
  /** socket.io's Redis adapter, for `io.adapter(...)`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Called when socket.io's subscriber is back after an outage: broadcasts may have been lost. */
  onAdapterReconnected(listener: () => void): void;
  close(): Promise<void>;
}

/** Retries quickly at first, then every 2 s at most, for ever; jitter spreads the instances. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100);
}

export async function connectScaleOut(options: ScaleOutOptions): Promise<ScaleOut> {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const instanceId = randomUUID();
  const base = createClient({
    url: options.url,
    socket: { reconnectStrategy: reconnectDelay },
  });
  const client = (role: string, disableOfflineQueue: boolean): Redis =>
    base.duplicate({ name: `tavolo:${instanceId}:${role}`, disableOfflineQueue });
  // Publishers refuse commands while disconnected (a failure is repaired later) instead of
  // queueing an outage's worth of messages; subscribers keep their (few) commands for later.
  const clients = {
    relayPub: client("relay-pub", true),
    relaySub: client("relay-sub", false),
    adapterPub: client("adapter-pub", true),
    adapterSub: client("adapter-sub", false),
  };
  const down = new Set<string>();
  for (const [role, redis] of Object.entries(clients)) {
    // Without an 'error' listener node-redis would throw: an outage must never end the process.
    redis.on("error", (error: Error) => {
      if (down.has(role)) return;
      down.add(role);
      log.error("redis connection lost; serving local clients only until it is back", {
        role,
        error: error.message,
      });
    });
    redis.on("ready", () => {
      if (down.delete(role)) log.info("redis connection back", { role });
    });
  }

  const relay = createRedisRelay({
    pub: clients.relayPub,
    sub: clients.relaySub,
    prefix,
    instanceId,
    log,
  });

  const adapter = createAdapter(guarded(clients.adapterPub), guarded(clients.adapterSub), {
    key: `${prefix}socket.io`,
  });
  const adapterListeners: (() => void)[] = [];
  let adapterReadyBefore = false;
  clients.adapterSub.on("ready", () => {
    if (adapterReadyBefore) for (const listener of adapterListeners) listener();
    adapterReadyBefore = true;
  });

  const connecting = Promise.all(
    Object.values(clients).map((redis) =>
      redis.connect().catch((error: unknown) => {
        log.error("redis connection failed", { error: String(error) });
      }),
    ),
  );
  const connected = await Promise.race([
    connecting.then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), CONNECT_WAIT_MS).unref()),
  ]);
  if (!connected) log.error("redis not reachable yet; serving while it keeps trying");
  else log.info("scaled out on redis", { instanceId, prefix });

  return {
    instanceId,
    relay,
    adapter,
    onAdapterReconnected(listener) {
      adapterListeners.push(listener);
    },
    async close() {
      // Graceful first (the last relayed updates go out), then whatever still hangs is cut.
      await Promise.all(
        Object.values(clients).map(async (redis) => {
          if (!redis.isOpen) return;
          const closed = await Promise.race([
            redis.close().then(() => true),
            new Promise<false>((resolve) =>
              setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref(),
            ),
          ]);
          if (!closed) redis.destroy();
        }),
      );
    },
  };
}

/**
 * The adapter publishes and subscribes without handling a failure; during an outage (or after
 * close) that would be an unhandled rejection. This view of a client logs it instead (local
 * delivery has happened already; node-redis subscribes again by itself once back).
 */
function guarded(redis: Redis): Redis {
  const view = Object.create(redis) as Redis;
  const methods = ["publish", "subscribe", "unsubscribe", "pSubscribe", "pUnsubscribe"] as const;
  for (const name of methods) {
    const original = redis[name] as (...args: unknown[]) => Promise<unknown>;
    const safe = (...args: unknown[]) =>
      original.apply(redis, args).catch((error: unknown) => {
        log.warn(`socket.io adapter: redis ${name} failed`, { error: String(error) });
        return 0;
      });
    Object.defineProperty(view, name, { value: safe });
    Object.defineProperty(view, name.toUpperCase(), { value: safe });
  }
  return view;
}

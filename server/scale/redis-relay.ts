// The Yjs relay over Redis: one plain pub/sub channel per document (`<prefix>yjs:<docName>`).
// Publishing never blocks or throws; what could not be published, or was published while this
// instance's subscriber was away, is repaired by reading the document from the database again.
import type { Logger } from "../logger";
import type { DocumentRelay, RelayedMessage, RelaySubscription } from "../yjs/relay";
import { decodeRelayMessage, encodeRelayMessage } from "./relay-codec";
import type { Redis } from "./redis";

/** How long a room's load waits for its subscription before going on (a resync follows). */
const SUBSCRIBE_WAIT_MS = 2_000;

export interface RedisRelayOptions {
  /** Publishes; created with the offline queue disabled, so nothing piles up during an outage. */
  pub: Redis;
  /** Subscribes only (a subscribed Redis connection can do nothing else). */
  sub: Redis;
  prefix: string;
  instanceId: string;
  log: Logger;
}

type Receiver = (message: RelayedMessage) => void;

export function yjsChannel(prefix: string, docName: string): string {
  return `${prefix}yjs:${docName}`;
}

export function createRedisRelay(options: RedisRelayOptions): DocumentRelay {
  const { pub, sub, prefix, instanceId, log } = options;
  const receivers = new Map<string, Set<Receiver>>();
  /** Channels Redis has confirmed (node-redis subscribes to them again by itself on reconnect). */
  const confirmed = new Set<string>();
  const pending = new Map<string, Promise<boolean>>();
  /** Documents with an update this instance could not publish: others must resync them. */
  const missed = new Set<string>();
  const resubscribedListeners: (() => void)[] = [];

  const onMessage = (data: Buffer, channelBuffer: Buffer) => {
    const channel = channelBuffer.toString();
    let decoded;
    try {
      decoded = decodeRelayMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      log.warn("dropped a malformed relay message", { channel, error: String(error) });
      return;
    }
    if (decoded.origin === instanceId) return;
    for (const receive of receivers.get(channel) ?? []) {
      try {
        receive(decoded.message);
      } catch (error) {
        log.error("relay message handling failed", { channel, error: String(error) });
      }
    }
  };

  /** Resolves true once Redis confirmed the subscription, false if it failed (retried on ready). */
  function ensureSubscribed(channel: string): Promise<boolean> {
    if (confirmed.has(channel)) return Promise.resolve(true);
    const inFlight = pending.get(channel);
    if (inFlight) return inFlight;
    const attempt = (async () => {
      try {
        await sub.subscribe(channel, onMessage, true);
      } catch (error) {
        log.warn("redis subscribe failed; retried when redis is back", {
          channel,
          error: String(error),
        });
        return false;
      } finally {
        pending.delete(channel);
      }
      confirmed.add(channel);
      // The last room may have gone while Redis answered.
      if (!receivers.has(channel)) unsubscribe(channel);
      return true;
    })();
    pending.set(channel, attempt);
    return attempt;
  }

  function unsubscribe(channel: string) {
    if (!confirmed.delete(channel)) return;
    sub.unsubscribe(channel, onMessage, true).catch((error: unknown) => {
      log.warn("redis unsubscribe failed", { channel, error: String(error) });
    });
  }

  function send(channel: string, message: RelayedMessage): Promise<void> {
    if (!pub.isReady) return Promise.reject(new Error("redis not connected"));
    return pub
      .publish(channel, Buffer.from(encodeRelayMessage(instanceId, message)))
      .then(() => {});
  }

  function announceMissed() {
    for (const docName of [...missed]) {
      missed.delete(docName);
      send(yjsChannel(prefix, docName), { kind: "resync" }).catch(() => missed.add(docName));
    }
  }

  pub.on("ready", announceMissed);
  sub.on("ready", () => {
    // node-redis has subscribed again to every confirmed channel before "ready"; the others now.
    const retries = [...receivers.keys()].filter((c) => !confirmed.has(c)).map(ensureSubscribed);
    void Promise.all(retries).then(() => {
      for (const listener of resubscribedListeners) listener();
    });
  });

  return {
    async subscribe(docName, receive): Promise<RelaySubscription> {
      const channel = yjsChannel(prefix, docName);
      let set = receivers.get(channel);
      if (!set) receivers.set(channel, (set = new Set()));
      set.add(receive);
      let returned = false;
      const subscribed = ensureSubscribed(channel).then((ok) => {
        // Confirmed after the room went on loading: what came in between is read from storage.
        if (ok && returned && set.has(receive)) receive({ kind: "resync" });
        return ok;
      });
      if (sub.isReady) {
        await Promise.race([
          subscribed,
          new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref()),
        ]);
      }
      returned = true;
      return {
        close() {
          set.delete(receive);
          if (set.size > 0 || receivers.get(channel) !== set) return;
          receivers.delete(channel);
          unsubscribe(channel);
        },
      };
    },

    publish(docName, message) {
      send(yjsChannel(prefix, docName), message).catch((error: unknown) => {
        if (message.kind !== "update") return;
        if (!missed.has(docName)) {
          log.warn("could not relay an update; other instances will resync", {
            doc: docName,
            error: String(error),
          });
        }
        missed.add(docName);
        if (pub.isReady) announceMissed();
      });
    },

    onResubscribed(listener) {
      resubscribedListeners.push(listener);
    },
  };
}

// Suggested clusters for statements (POST /api/v1/cluster): validated here, computed on a worker
// thread started on first use, so the event loop that serves live boards never waits for it.
import type { Worker } from "node:worker_threads";
import { z } from "zod";
import { parseInput } from "../../core/schemas";
import type { Actor } from "./accounts";
import { startWorker } from "../workers/start-worker";
import type { ClusteringReply, ClusteringRequest } from "./clustering-protocol";

// Clustering holds an n×n similarity matrix: 5,000 statements take 100 MB, 10,000 would take 400.
export const MAX_CLUSTER_TEXTS = 5_000;

export const clusterInput = z
  .object({
    texts: z
      .array(
        z.string({ error: "validation.invalid" }).max(2000, { error: "validation.too_long" }),
        {
          error: "validation.required",
        },
      )
      .max(MAX_CLUSTER_TEXTS, { error: "validation.too_many" }),
    lang: z.enum(["it", "en"], { error: "validation.choice" }).default("it"),
    /** −1 fewer and larger groups … +1 more and smaller ones. */
    granularity: z.number({ error: "validation.number" }).min(-1).max(1).default(0),
  })
  .strict();

export interface SuggestedClusters {
  clusters: { label: string; members: number[] }[];
}

export function createClustering() {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: ClusteringReply) => void }>();

  function ensureWorker(): Worker {
    if (worker) return worker;
    const started = startWorker(new URL("../workers/clustering.ts", import.meta.url), "clustering");
    started.unref();
    started.on("message", (reply: ClusteringReply) => {
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
    });
    // A worker that dies fails what it had, and the next request starts a new one.
    const fail = (message: string) => {
      for (const [id, waiter] of pending) waiter.resolve({ id, ok: false, message });
      pending.clear();
      if (worker === started) worker = null;
    };
    started.on("error", (error) => fail(String(error)));
    started.on("exit", (code) => fail(`clustering worker exited with ${code}`));
    worker = started;
    return started;
  }

  return {
    /** Any signed-in caller may ask: it reads nothing stored and stores nothing. */
    async suggest(_actor: Actor, input: unknown): Promise<SuggestedClusters> {
      const data = parseInput(clusterInput, input);
      const id = nextId++;
      const request: ClusteringRequest = { id, ...data };
      const reply = await new Promise<ClusteringReply>((resolve) => {
        pending.set(id, { resolve });
        ensureWorker().postMessage(request);
      });
      if (!reply.ok) throw new Error(`clustering failed: ${reply.message}`);
      return { clusters: reply.result.clusters };
    },

    async close(): Promise<void> {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}

export type Clustering = ReturnType<typeof createClustering>;

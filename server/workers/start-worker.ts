// Worker threads on TypeScript entries (see boot.mjs), for CPU-heavy work off the event loop.
import { Worker } from "node:worker_threads";

const BOOT = new URL("./boot.mjs", import.meta.url);

/** A worker running `entry` (a URL next to the caller, e.g. `new URL("./x.ts", import.meta.url)`). */
export function startWorker(entry: URL, name: string): Worker {
  return new Worker(BOOT, { name, workerData: { entry: entry.href } });
}

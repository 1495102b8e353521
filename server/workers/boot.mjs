// Starts a worker thread on a TypeScript entry: the worker registers tsx itself, so the same entry
// runs under `npm start`, the CLI and Vitest alike. workerData.entry is the entry's file URL.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);

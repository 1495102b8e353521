// Suggested groups for a board's cards, computed in a Web Worker (clustering.worker.ts). A new run
// replaces the one under way: its worker is stopped, so a facilitator turning the "fewer / more
// groups" knob three times waits for one answer, not three.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ClusteringLanguage, ClusteringResult } from "../../core/clustering";
import type { ClusteringReply, ClusteringRequest } from "./clustering.worker";

export interface ClusteringInput {
  /** Whatever the caller needs to read the answer back (the card ids, in the order of `texts`). */
  cardIds: string[];
  texts: string[];
  lang: ClusteringLanguage;
  granularity: number;
}

export type ClusteringRun =
  | { status: "idle" }
  | { status: "running"; input: ClusteringInput }
  | { status: "done"; input: ClusteringInput; result: ClusteringResult }
  | { status: "failed"; input: ClusteringInput; message: string };

function startWorker(): Worker {
  // This exact form is what Vite recognises and bundles as a separate module worker.
  return new Worker(new URL("./clustering.worker.ts", import.meta.url), { type: "module" });
}

export function useClustering() {
  const [run, setRun] = useState<ClusteringRun>({ status: "idle" });
  const worker = useRef<Worker | null>(null);
  const running = useRef(false);
  const counter = useRef(0);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    running.current = false;
  }, []);

  useEffect(() => stop, [stop]);

  const start = useCallback(
    (input: ClusteringInput) => {
      // A run under way is abandoned: its worker goes, and its answer with it.
      if (running.current) stop();
      counter.current += 1;
      const id = counter.current;
      let current = worker.current;
      if (!current) {
        try {
          current = startWorker();
        } catch (error) {
          setRun({ status: "failed", input, message: String((error as Error)?.message ?? error) });
          return;
        }
        worker.current = current;
      }
      current.onmessage = ({ data }: MessageEvent<ClusteringReply>) => {
        if (data.id !== id) return;
        running.current = false;
        setRun(
          data.ok
            ? { status: "done", input, result: data.result }
            : { status: "failed", input, message: data.message },
        );
      };
      current.onerror = (event) => {
        event.preventDefault();
        stop();
        setRun({ status: "failed", input, message: event.message || "worker error" });
      };
      running.current = true;
      setRun({ status: "running", input });
      const request: ClusteringRequest = {
        id,
        texts: input.texts,
        lang: input.lang,
        granularity: input.granularity,
      };
      current.postMessage(request);
    },
    [stop],
  );

  const reset = useCallback(() => {
    stop();
    setRun({ status: "idle" });
  }, [stop]);

  return { run, start, reset };
}

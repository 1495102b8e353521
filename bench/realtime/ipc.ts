// The messages between `bench/realtime.ts` and its child processes (servers and load generators).

/** Child → parent: once listening (servers) or once done (load generators). */
export type ChildMessage =
  | { type: "ready"; port: number; info?: Record<string, unknown> }
  | { type: "result"; result: unknown }
  | { type: "reply"; id: number; value?: unknown; error?: string };

/** Parent → child: a question for a running server. */
export interface ChildRequest {
  type: "request";
  id: number;
  what: string;
  args?: Record<string, unknown>;
}

/** Sends a message to the parent, if there is one (a child started by hand has no IPC channel). */
export function tell(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * A load generator's result, then exit. Waits until the message is written: `process.exit` right
 * after `process.send` may drop a big message (the board's final positions are ~300 KB).
 */
export async function finish(result: unknown): Promise<never> {
  if (process.send) {
    await new Promise<void>((resolve, reject) =>
      process.send!({ type: "result", result } satisfies ChildMessage, undefined, {}, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  process.exit(0);
}

/** Answers the parent's requests with `handlers[what](args)`. */
export function answerRequests(
  handlers: Record<string, (args: Record<string, unknown>) => Promise<unknown> | unknown>,
): void {
  process.on("message", (message: ChildRequest) => {
    if (message?.type !== "request") return;
    const handler = handlers[message.what];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown request ${message.what}`);
        return handler(message.args ?? {});
      })
      .then(
        (value) => tell({ type: "reply", id: message.id, value }),
        (error: unknown) =>
          tell({
            type: "reply",
            id: message.id,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
}

/** The arguments a load generator was started with (JSON in argv[2]). */
export function childArgs<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error("expected the arguments as JSON in argv[2]");
  return JSON.parse(raw) as T;
}

export function progress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}

export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function latencyStats(samples: ArrayLike<number>): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Limits and timings of the Yjs endpoint, with their defaults (all overridable in tests).
export interface YjsLimits {
  /** Largest frame a client may send; larger ones close the connection with 1009. */
  maxFrameBytes: number;
  /** Largest encoded document; an update that would pass it is refused. */
  maxDocumentBytes: number;
  /** Messages one connection may send in one second before it is closed. */
  maxMessagesPerSecond: number;
  /** Awareness client ids one connection may announce. */
  maxClientIdsPerConnection: number;
  /** Refused updates a read-only connection may send before it is closed. */
  maxRefusedUpdates: number;
  /** Extra wait before each group commit (0: the next turn of the event loop). */
  commitDelayMs: number;
  /** Awareness is relayed at most once per interval per room. */
  awarenessIntervalMs: number;
  /** A document with no connections is unloaded after this long. */
  idleUnloadMs: number;
  /** How long a standing may be trusted before it is queried again. */
  accessTtlMs: number;
  /** Log rows after which the log is merged into the snapshot. */
  compactAfterUpdates: number;
  /** Documents at least this big answer joining clients from the cold-sync worker. */
  offThreadSyncBytes: number;
}

export const DEFAULT_YJS_LIMITS: YjsLimits = {
  maxFrameBytes: 1024 * 1024,
  maxDocumentBytes: 32 * 1024 * 1024,
  maxMessagesPerSecond: 300,
  maxClientIdsPerConnection: 4,
  maxRefusedUpdates: 50,
  commitDelayMs: 0,
  awarenessIntervalMs: 100,
  idleUnloadMs: 30_000,
  accessTtlMs: 1_000,
  compactAfterUpdates: 500,
  offThreadSyncBytes: 256 * 1024,
};

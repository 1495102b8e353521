// Messages between the server and its Yjs worker (server/workers/cold-sync.ts): mirrors that
// answer joins, and merges for compaction.

export type ColdSyncRequest =
  | { type: "open"; doc: string; updates: Uint8Array[] }
  | { type: "update"; doc: string; update: Uint8Array }
  | { type: "close"; doc: string }
  | { type: "diff"; id: number; doc: string; stateVector: Uint8Array }
  | { type: "merge"; id: number; updates: Uint8Array[] };

export type ColdSyncReply =
  | { type: "result"; id: number; ok: true; bytes: Uint8Array }
  | { type: "result"; id: number; ok: false; error: string }
  | { type: "opened"; doc: string }
  | { type: "dropped"; doc: string; error: string };

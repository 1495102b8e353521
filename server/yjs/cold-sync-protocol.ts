// Messages between the server and its cold-sync worker (server/workers/cold-sync.ts).

export type ColdSyncRequest =
  | { type: "open"; doc: string; updates: Uint8Array[] }
  | { type: "update"; doc: string; update: Uint8Array }
  | { type: "close"; doc: string }
  | { type: "diff"; id: number; doc: string; stateVector: Uint8Array };

export type ColdSyncReply =
  | { type: "diff"; id: number; ok: true; diff: Uint8Array }
  | { type: "diff"; id: number; ok: false; error: string }
  | { type: "opened"; doc: string }
  | { type: "dropped"; doc: string; error: string };

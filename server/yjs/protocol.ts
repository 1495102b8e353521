// The y-websocket wire protocol: message types, close codes, and a reader and writer for frames.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** Top-level message types, as the official y-websocket client numbers them. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Sub-types of a sync message (y-protocols/sync). */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Sub-type of an auth message (y-protocols/auth). */
export const AUTH_PERMISSION_DENIED = 0;

/** Why the server closed a connection (docs/decisions/0007-yjs-sync-endpoint.md). */
export const CLOSE = {
  /** Server shutting down: reconnect later. */
  GOING_AWAY: 1001,
  /** A frame over the size limit (ws closes with it by itself). */
  FRAME_TOO_LARGE: 1009,
  /** A frame that does not parse, an unknown message type, an update that fails to apply. */
  MALFORMED: 4400,
  /** Access removed while connected, or a read-only connection that kept writing. */
  FORBIDDEN: 4403,
  /** The document would grow past its size limit. */
  DOCUMENT_TOO_LARGE: 4413,
  /** More awareness client ids than one connection may announce. */
  TOO_MANY_CLIENT_IDS: 4422,
  /** More messages per second than allowed. */
  RATE_LIMITED: 4429,
  /** The document could not be loaded or saved: nothing is served rather than something wrong. */
  UNAVAILABLE: 4503,
} as const;

export class MalformedMessage extends Error {}

export type IncomingMessage =
  | { type: "sync-step-1"; stateVector: Uint8Array }
  | { type: "update"; update: Uint8Array; step2: boolean }
  | { type: "awareness"; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: "query-awareness" }
  | { type: "auth" };

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null when the client announces it is leaving. */
  state: unknown;
}

/** Parses one client frame; throws MalformedMessage for anything the protocol does not allow. */
export function readMessage(frame: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SYNC_STEP_1) return { type: "sync-step-1", stateVector: payload };
        if (syncType === SYNC_STEP_2) return { type: "update", update: payload, step2: true };
        if (syncType === SYNC_UPDATE) return { type: "update", update: payload, step2: false };
        throw new MalformedMessage(`unknown sync message type ${syncType}`);
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        return { type: "awareness", update, entries: readAwarenessEntries(update) };
      }
      case MESSAGE_AUTH:
        return { type: "auth" };
      case MESSAGE_QUERY_AWARENESS:
        return { type: "query-awareness" };
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    // lib0 throws plain Errors (or RangeErrors) on truncated varints and short buffers.
    throw new MalformedMessage(`unreadable frame: ${(error as Error).message}`);
  }
}

/** Reads an awareness update as y-protocols encodes it: entries of client id, clock, JSON state. */
function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > update.length) throw new MalformedMessage("awareness entry count over frame length");
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      throw new MalformedMessage("awareness state is not JSON");
    }
    entries.push({ clientId, clock, state });
  }
  return entries;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

export function syncStep2Frame(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function updateFrame(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** y-protocols/auth "permission denied": the official client logs the reason as a warning. */
export function permissionDeniedFrame(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    encoding.writeVarUint(e, AUTH_PERMISSION_DENIED);
    encoding.writeVarString(e, reason);
  });
}

/** Encodes entries back into an awareness update, as y-protocols/awareness does. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, JSON.stringify(entry.state));
    }
  });
}

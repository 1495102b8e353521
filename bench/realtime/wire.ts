// Frames of the y-websocket protocol as the load generators write and read them, for Tavolo's
// /yjs endpoint and for Hocuspocus (which puts the document name before every message).
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** y-websocket / y-protocols message types (as in server/yjs/protocol.ts). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AUTH = 2;
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;
/** Hocuspocus: auth sub-types (@hocuspocus/common AuthMessageType). */
export const HOCUSPOCUS_AUTH_TOKEN = 0;
export const HOCUSPOCUS_AUTH_PERMISSION_DENIED = 1;
export const HOCUSPOCUS_AUTH_AUTHENTICATED = 2;

/**
 * `y-websocket`: Tavolo's endpoint. `hocuspocus`: the same messages, each prefixed with the
 * document name. `relay`: the bare ws floor, which relays frames and speaks no protocol.
 */
export type Dialect = "y-websocket" | "hocuspocus" | "relay";

export class Framer {
  constructor(
    readonly dialect: Dialect,
    readonly docName: string,
  ) {}

  private frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
    const encoder = encoding.createEncoder();
    if (this.dialect === "hocuspocus") encoding.writeVarString(encoder, this.docName);
    write(encoder);
    return encoding.toUint8Array(encoder);
  }

  sync(subType: number, payload: Uint8Array): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, subType);
      encoding.writeVarUint8Array(e, payload);
    });
  }

  /** What HocuspocusProvider sends first on every connection (an empty token here). */
  hocuspocusAuth(token: string): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MESSAGE_AUTH);
      encoding.writeVarUint(e, HOCUSPOCUS_AUTH_TOKEN);
      encoding.writeVarString(e, token);
    });
  }

  /** Reads a server frame far enough to tell what it is; the payload is a view into `data`. */
  read(data: Uint8Array): IncomingFrame {
    const decoder = decoding.createDecoder(data);
    if (this.dialect === "hocuspocus") decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const subType = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      const start = decoder.pos;
      return { type, subType, start, end: start + length };
    }
    if (type === MESSAGE_AUTH) {
      const subType = decoding.readVarUint(decoder);
      return { type, subType, start: decoder.pos, end: data.length };
    }
    return { type, subType: -1, start: decoder.pos, end: data.length };
  }
}

export interface IncomingFrame {
  type: number;
  subType: number;
  /** The payload's bounds in the frame (for sync messages: the update or state vector). */
  start: number;
  end: number;
}

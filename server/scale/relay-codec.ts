// The wire format of Yjs relay messages between instances: a format byte, the publishing instance's
// id (so it ignores its own), a kind, and the Yjs payload. Anything else is refused on decoding.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { RelayedMessage } from "../yjs/relay";

const FORMAT = 1;
const KIND = { update: 0, awareness: 1, resync: 2, "query-awareness": 3 } as const;
const MAX_ORIGIN_LENGTH = 64;

export class MalformedRelayMessage extends Error {}

export function encodeRelayMessage(origin: string, message: RelayedMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FORMAT);
  encoding.writeVarString(encoder, origin);
  encoding.writeVarUint(encoder, KIND[message.kind]);
  if (message.kind === "update" || message.kind === "awareness") {
    encoding.writeVarUint8Array(encoder, message.update);
  }
  return encoding.toUint8Array(encoder);
}

/** Throws MalformedRelayMessage for anything this format does not describe exactly. */
export function decodeRelayMessage(data: Uint8Array): { origin: string; message: RelayedMessage } {
  let result: { origin: string; message: RelayedMessage };
  const decoder = decoding.createDecoder(data);
  try {
    const format = decoding.readVarUint(decoder);
    if (format !== FORMAT) throw new MalformedRelayMessage(`unknown relay format ${format}`);
    const origin = decoding.readVarString(decoder);
    if (origin.length === 0 || origin.length > MAX_ORIGIN_LENGTH) {
      throw new MalformedRelayMessage("bad origin");
    }
    const kind = decoding.readVarUint(decoder);
    switch (kind) {
      case KIND.update:
        result = {
          origin,
          message: { kind: "update", update: decoding.readVarUint8Array(decoder) },
        };
        break;
      case KIND.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        result = { origin, message: { kind: "awareness", update } };
        break;
      }
      case KIND.resync:
        result = { origin, message: { kind: "resync" } };
        break;
      case KIND["query-awareness"]:
        result = { origin, message: { kind: "query-awareness" } };
        break;
      default:
        throw new MalformedRelayMessage(`unknown relay message kind ${kind}`);
    }
  } catch (error) {
    if (error instanceof MalformedRelayMessage) throw error;
    // lib0 throws plain Errors on truncated varints and short buffers.
    throw new MalformedRelayMessage(`unreadable relay message: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new MalformedRelayMessage("trailing bytes");
  return result;
}

// Web Worker entry: clusters a board's statements (core/clustering) off the main thread, so that
// suggesting groups for hundreds of cards never stalls the live board. One request, one reply.
import {
  clusterStatements,
  type ClusteringLanguage,
  type ClusteringResult,
} from "../../core/clustering";

export interface ClusteringRequest {
  id: number;
  texts: string[];
  lang: ClusteringLanguage;
  granularity: number;
}

export type ClusteringReply =
  { id: number; ok: true; result: ClusteringResult } | { id: number; ok: false; message: string };

// Typed by hand: the project's lib is the DOM's, where `self` is a Window.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ClusteringRequest>) => void) | null;
  postMessage(reply: ClusteringReply): void;
};

scope.onmessage = ({ data }) => {
  let reply: ClusteringReply;
  try {
    const result = clusterStatements(data.texts, {
      lang: data.lang,
      granularity: data.granularity,
    });
    reply = { id: data.id, ok: true, result };
  } catch (error) {
    reply = { id: data.id, ok: false, message: String((error as Error)?.message ?? error) };
  }
  scope.postMessage(reply);
};

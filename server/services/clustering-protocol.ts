// Messages between the server and its clustering worker (server/workers/clustering.ts).
import type { clusterStatements } from "../../core/clustering";

export interface ClusteringRequest {
  id: number;
  texts: string[];
  lang: "it" | "en";
  granularity: number;
}

export type ClusteringReply =
  | { id: number; ok: true; result: ReturnType<typeof clusterStatements> }
  | { id: number; ok: false; message: string };

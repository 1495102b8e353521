// What a room needs to hear from and speak to the same document loaded by other instances
// (server/scale/ implements it over Redis; without REDIS_URL there is none).

/** A message between instances about one document. */
export type RelayedMessage =
  /** An update already committed to the database by the instance that publishes it. */
  | { kind: "update"; update: Uint8Array }
  /** A batch of awareness entries of the publishing instance's own clients. */
  | { kind: "awareness"; update: Uint8Array }
  /** The publisher may have failed to relay updates: read the document from the database again. */
  | { kind: "resync" }
  /** A newly loaded room asks the others for the awareness of their clients. */
  | { kind: "query-awareness" };

export interface RelaySubscription {
  close(): void;
}

export interface DocumentRelay {
  /**
   * Starts receiving a document's messages from other instances. Resolves once they will arrive
   * (or at once while the relay is disconnected: `onResubscribed` then covers what was missed).
   */
  subscribe(
    docName: string,
    receive: (message: RelayedMessage) => void,
  ): Promise<RelaySubscription>;
  /** Sends to the other instances; never throws (a failure is logged and repaired by a resync). */
  publish(docName: string, message: RelayedMessage): void;
  /** Called after the relay has reconnected and subscribed again: messages may have been lost. */
  onResubscribed(listener: () => void): void;
}

// A file sent as a download, by the API (`download` operations) and by the pages' resource routes.
/** A file an operation with `download` replies with. */
export interface FileReply {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
  /** More headers (e.g. a checksum). */
  headers?: Record<string, string>;
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

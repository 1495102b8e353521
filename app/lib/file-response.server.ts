// Downloads from Remix resource routes: a rendered file as an attachment, and a refused request as
// a plain-text message in the reader's language with its 4xx status (never a page of HTML).
import type { Locale } from "../../core/domain";
import { isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import { attachmentHeader, type FileReply } from "../../core/downloads";

export function fileResponse(file: FileReply, cache: "private" | "public" = "private"): Response {
  return new Response(new Blob([file.bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": attachmentHeader(file.fileName),
      "X-Content-Type-Options": "nosniff",
      // A working draft changes by the minute; a published version never does, but may be withdrawn.
      "Cache-Control": cache === "public" ? "public, max-age=300" : "private, no-cache",
      ...file.headers,
    },
  });
}

/** Runs `produce`; an AppError becomes its status with the message (and field errors) as text. */
export async function download(
  locale: Locale,
  produce: () => Promise<FileReply>,
  cache: "private" | "public" = "private",
): Promise<Response> {
  try {
    return fileResponse(await produce(), cache);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const fields = Object.values(error.fields ?? {}).map((key) => translate(locale, key));
    const text = [translate(locale, error.messageKey), ...fields].join("\n");
    throw new Response(text, {
      status: error.status,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

// What a digitally signed file returned by an organisation is (issue 7): a PDF with a signature
// dictionary (PAdES) or a CMS/PKCS#7 signedData envelope (CAdES, usually `.p7m`), told from its
// bytes, never from the name or the media type the sender claims. Detection only: checking the
// signature itself is the work of a qualified verifier, not of Tavolo.

export type SignedFileKind = "pades" | "cades";

/** The largest signed file kept (a scanned and signed pact is a few megabytes). */
export const MAX_SIGNED_FILE_BYTES = 20 * 1024 * 1024;

export const SIGNED_FILE_CONTENT_TYPES: Record<SignedFileKind, string> = {
  pades: "application/pdf",
  cades: "application/pkcs7-mime",
};

const EXTENSIONS: Record<SignedFileKind, string> = { pades: ".pdf", cades: ".p7m" };

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

const PDF_HEADER = ascii("%PDF-");
const BYTE_RANGE = ascii("/ByteRange");
const CONTENTS = ascii("/Contents");
/** OID 1.2.840.113549.1.7.2 (PKCS#7 signedData), DER-encoded with its tag and length. */
const SIGNED_DATA_OID = new Uint8Array([
  0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
]);

/** Where `needle` first occurs in `bytes` at or after `from`, or -1. */
function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!;
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j += 1;
    if (j === needle.length) return i;
  }
  return -1;
}

const startsWith = (bytes: Uint8Array, prefix: Uint8Array) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/**
 * A CMS envelope's outer SEQUENCE: BER indefinite length (0x30 0x80), or a definite length in
 * two to four bytes (0x30 0x82/0x83/0x84), as any envelope larger than 255 bytes has.
 */
const startsAsSequence = (bytes: Uint8Array) =>
  bytes.length > 2 && bytes[0] === 0x30 && [0x80, 0x82, 0x83, 0x84].includes(bytes[1]!);

export type SignedFileDetection =
  | { ok: true; kind: SignedFileKind }
  /** A PDF without a signature dictionary, or something that is neither a PDF nor an envelope. */
  | { ok: false; reason: "unsigned_pdf" | "unknown" };

export function detectSignedFile(bytes: Uint8Array): SignedFileDetection {
  if (startsWith(bytes, PDF_HEADER)) {
    // Every page has /Contents; only a signature dictionary has /ByteRange next to it.
    const signed = indexOfBytes(bytes, BYTE_RANGE) !== -1 && indexOfBytes(bytes, CONTENTS) !== -1;
    return signed ? { ok: true, kind: "pades" } : { ok: false, reason: "unsigned_pdf" };
  }
  if (startsAsSequence(bytes) && indexOfBytes(bytes, SIGNED_DATA_OID) !== -1) {
    return { ok: true, kind: "cades" };
  }
  return { ok: false, reason: "unknown" };
}

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment, no
 * control or reserved characters, at most 150 characters, and ending as its kind does (`.pdf`;
 * `.p7m`, so `patto.pdf.p7m` stays as it is). An empty name becomes `fallback`.
 */
export function signedFileName(name: string, kind: SignedFileKind, fallback: string): string {
  const extension = EXTENSIONS[kind];
  const stem = (cleanName(name) || cleanName(fallback) || "firma").slice(0, 150);
  return stem.toLowerCase().endsWith(extension) ? stem : `${stem}${extension}`;
}

function cleanName(name: string): string {
  return (
    (name.split(/[/\\]/).pop() ?? "")
      .normalize("NFC")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^\.+/, "")
  );
}

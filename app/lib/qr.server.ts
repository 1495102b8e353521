// QR codes as inline SVG, so that a phone in the room joins a meeting from the projected screen.
import QRCode from "qrcode";

/**
 * The QR code of `text` as SVG markup to inline in a page (no XML prolog). Medium error correction
 * survives a projector's glare and a phone held at an angle. Throws a RangeError when the text is
 * more than a QR code holds.
 */
export async function qrSvg(text: string): Promise<string> {
  let svg: string;
  try {
    svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  } catch (error) {
    const bytes = new TextEncoder().encode(text).length;
    throw new RangeError(`text of ${bytes} bytes does not fit in a QR code`, { cause: error });
  }
  return svg.replace(/^<\?xml[^>]*\?>\s*/, "").trim();
}

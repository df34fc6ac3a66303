/**
 * The text of an uncompressed PDF as pdfkit writes it with its standard fonts: each `[<hex> kern
 * <hex> …] TJ` is one run of text on a line, its bytes in WinAnsi (Windows-1252). Enough for a test
 * to read back what it printed; not a general PDF reader.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  // Node's TextDecoder may read windows-1252 as Latin-1: the few Windows-only glyphs a test prints, by hand.
  const decode = (hex: string) => Buffer.from(hex, 'hex').toString('latin1').replace(/\x96/g, '–').replace(/\x97/g, '—');
  return [...source.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)].map((match) =>
    [...match[1].matchAll(/<([0-9a-f]*)>/g)].map((part) => decode(part[1])).join(''),
  );
}

// WOFF 1 to a plain TrueType/OpenType file. fontkit reads WOFF, but inflates a table again at
// every access: laying out one line of Pretendard took ~40 ms, and a pack has hundreds of lines.
// Unpacked once per process, a line takes well under a millisecond.
import { inflateSync } from "node:zlib";

const SIGNATURE_WOFF = 0x774f4646; // "wOFF"

/** The sfnt inside a WOFF 1 file; any other font file is returned as it is. */
export function unwrapWoff(font: Buffer): Buffer {
  if (font.readUInt32BE(0) !== SIGNATURE_WOFF) return font;
  const flavor = font.readUInt32BE(4);
  const numTables = font.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = font.readUInt32BE(entry + 4);
    const compLength = font.readUInt32BE(entry + 8);
    const origLength = font.readUInt32BE(entry + 12);
    const stored = font.subarray(offset, offset + compLength);
    return {
      tag: font.readUInt32BE(entry),
      checksum: font.readUInt32BE(entry + 16),
      data: compLength < origLength ? inflateSync(stored) : stored,
    };
  });
  const headerLength = 12 + numTables * 16;
  const padded = (length: number) => (length + 3) & ~3;
  const total = tables.reduce((sum, table) => sum + padded(table.data.length), headerLength);
  const out = Buffer.alloc(total);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    out.writeUInt32BE(table.tag, record);
    out.writeUInt32BE(table.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(out, offset);
    offset += padded(table.data.length);
  });
  return out;
}

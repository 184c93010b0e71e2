import { describe, expect, it } from 'vitest';
import { readPngHeader } from './png-header.ts';

// A 300x180 RGBA PNG's first 33 bytes: signature, then IHDR (length 13, "IHDR", width, height, depth 8, type 6).
const ONE_PIXEL = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x01, 0x2c, 0, 0,
  0, 0xb4, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
]);

describe('readPngHeader', () => {
  it('reads width, height, depth and colour type from IHDR (big-endian)', () => {
    expect(readPngHeader(ONE_PIXEL)).toEqual({ width: 300, height: 180, bitDepth: 8, colorType: 6 });
  });

  it('refuses a file without the PNG signature, and one whose first chunk is not IHDR', () => {
    expect(() =>
      readPngHeader(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>')),
    ).toThrow('not a PNG: the file does not start with the PNG signature');
    const wrongChunk = ONE_PIXEL.slice();
    wrongChunk.set([0x49, 0x44, 0x41, 0x54], 12); // "IDAT"
    expect(() => readPngHeader(wrongChunk)).toThrow('not a PNG: the first chunk is IDAT, not a 13-byte IHDR');
  });
});

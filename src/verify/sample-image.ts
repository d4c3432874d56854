// Images for model checks of a service that takes images: small RGB PNGs (a gradient with a seeded pattern), made
// without any image library, so a notebook that displayed no answer still gets examples that run the service's
// image path end to end (decode, the notebook's preprocessing, the model).
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG of width x height: diagonal gradients and a seeded checker, different for each seed. */
export function samplePng(width: number, height: number, seed: number): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const check = ((x >> 2) + (y >> 2) + seed) % 2 === 0 ? 40 : 0;
      const o = row + 1 + x * 3;
      raw[o] = Math.round((255 * x) / Math.max(1, width - 1)) ^ check;
      raw[o + 1] = Math.round((255 * y) / Math.max(1, height - 1)) ^ (seed * 37 & 255);
      raw[o + 2] = (x * 7 + y * 13 + seed * 101) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

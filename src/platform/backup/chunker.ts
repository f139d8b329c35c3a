/**
 * Content-defined chunking (FastCDC with a 32-bit Gear hash and normalised chunking).
 * A cut point depends only on the bytes just before it, so an insertion or a change moves
 * the cut points near it and nowhere else: unchanged regions of a database image or a file
 * give the same chunks in every backup and are stored once.
 */

/** The parameters are part of the backup format: changing them changes every chunk. */
export const CHUNKER = { algorithm: 'fastcdc-gear32-v1', minBytes: 16 * 1024, avgBytes: 64 * 1024, maxBytes: 256 * 1024 } as const;

/** 256 fixed pseudo-random words (SplitMix32 from a fixed seed), so every build cuts alike. */
const GEAR: Int32Array = (() => {
  const table = new Int32Array(256);
  let state = 0x9e3779b9;
  for (let i = 0; i < 256; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    table[i] = (z ^ (z >>> 16)) | 0;
  }
  return table;
})();

/**
 * The top `bits` bits of a word: the Gear hash's high bits depend on the last 32 bytes. All
 * arithmetic stays in signed 32-bit integers, which V8 keeps unboxed in the hot loop.
 */
function topBits(bits: number): number {
  return (0xffffffff << (32 - bits)) | 0;
}

// Normalised chunking (level 2): a harder mask before the average size, an easier one after,
// which narrows the spread of chunk sizes around the average.
const AVG_BITS = Math.log2(CHUNKER.avgBytes);
const MASK_HARD = topBits(AVG_BITS + 2);
const MASK_EASY = topBits(AVG_BITS - 2);

/**
 * The length of the chunk that starts at `start`, looking at `data[start, end)`; or 0 when
 * more data is needed to decide (no cut point found and fewer than `maxBytes` available,
 * while more input may follow). With `final` the rest is one chunk when no cut is found.
 */
export function cutLength(data: Uint8Array, start: number, end: number, final: boolean): number {
  const available = end - start;
  if (available <= CHUNKER.minBytes) return final ? available : 0;
  const limit = Math.min(available, CHUNKER.maxBytes);
  const normal = Math.min(limit, CHUNKER.avgBytes);
  let hash = 0;
  let i = CHUNKER.minBytes;
  for (; i < normal; i++) {
    hash = ((hash << 1) + GEAR[data[start + i]!]!) | 0;
    if ((hash & MASK_HARD) === 0) return i + 1;
  }
  for (; i < limit; i++) {
    hash = ((hash << 1) + GEAR[data[start + i]!]!) | 0;
    if ((hash & MASK_EASY) === 0) return i + 1;
  }
  if (limit === CHUNKER.maxBytes || final) return limit;
  return 0;
}

/** Cuts bytes already in memory into chunks: views of `bytes`, no copies. */
export function* chunksOf(bytes: Uint8Array): Generator<Buffer> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let offset = 0;
  while (offset < view.length) {
    const length = cutLength(view, offset, view.length, true);
    yield view.subarray(offset, offset + length);
    offset += length;
  }
}

/** Input is gathered to this size before cutting, so a chunk is rarely scanned twice. */
const READ_AHEAD = 4 * 1024 * 1024;

/** Splits a byte stream into content-defined chunks (each a copy the caller may keep). */
export async function* chunkStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  const cutAll = function* (final: boolean): Generator<Buffer> {
    let offset = 0;
    for (;;) {
      const length = cutLength(pending, offset, pending.length, final);
      if (length === 0) break;
      yield Buffer.from(pending.subarray(offset, offset + length));
      offset += length;
      if (offset === pending.length) break;
    }
    pending = pending.subarray(offset);
  };
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  for await (const piece of source) {
    gathered.push(piece);
    gatheredBytes += piece.length;
    if (gatheredBytes < READ_AHEAD) continue;
    pending = Buffer.concat([pending, ...gathered]);
    gathered = [];
    gatheredBytes = 0;
    yield* cutAll(false);
  }
  pending = Buffer.concat([pending, ...gathered]);
  if (pending.length > 0) yield* cutAll(true);
}

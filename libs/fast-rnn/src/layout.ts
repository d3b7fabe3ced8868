/**
 * Floats kept free at the start of the memory: the WebAssembly module's own static data and stack live
 * there (the kernels use none, but the compiler may place a few bytes).
 */
export const RESERVED_FLOATS = 16_384;

/** Buffers start on 64-byte boundaries: whole cache lines, and aligned SIMD loads. */
const ALIGN_FLOATS = 16;

/**
 * Plans where every buffer lives in one float memory: a bump allocator handing out offsets (in floats).
 * Everything is planned before the memory exists, so the memory is created once at its final size and
 * nothing is allocated while training.
 */
export class Layout {
  private next = RESERVED_FLOATS;

  /** Reserves `floats` floats; returns the offset of the first. */
  alloc(floats: number): number {
    const offset = this.next;
    this.next += Math.ceil(Math.max(floats, 1) / ALIGN_FLOATS) * ALIGN_FLOATS;
    return offset;
  }

  /** Floats needed so far. */
  get size(): number {
    return this.next;
  }
}

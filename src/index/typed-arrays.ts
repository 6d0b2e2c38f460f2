/**
 * Growing the typed arrays the index and restorer builders keep their tables in: doubling keeps appends
 * amortized O(1) without an object per entry.
 *
 * @example
 * let lastDoc = new Int32Array(4).fill(-1);
 * lastDoc = doubled(lastDoc, -1); // length 8, the new half -1
 */
type GrowableArray = Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** A copy of `array` twice as long; the new half holds `fill`. */
export function doubled<T extends GrowableArray>(array: T, fill = 0): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  if (fill !== 0) bigger.fill(fill, array.length);
  bigger.set(array);
  return bigger;
}

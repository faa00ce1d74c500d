/** Deterministic helpers for demo data: the same seed gives the same rows on every machine. */

/** mulberry32: small, fast and deterministic; the demo data must be identical on every machine. */
export function prng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return { next, int, pick };
}

/** `Zoë van Dijk` -> `zoe.vandijk`: emails stay ASCII whatever the display name. */
export function asciiLocalPart(first: string, last: string): string {
  const ascii = (text: string): string => text.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${ascii(first)}.${ascii(last)}`;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

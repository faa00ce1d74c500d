import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `length` random characters of lowercase base32 (5 bits each, from the OS CSPRNG). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  for (const byte of bytes) out += BASE32[byte % 32];
  return out;
}

/** An opaque id such as `ten_k3v9...`: the prefix says what it names, 20 chars (100 bits) make it unique. */
export function newId(prefix: 'ten' | 'con' | 'key'): string {
  return `${prefix}_${randomBase32(20)}`;
}

/** Slugs as WordPress makes them: lower-case ASCII words joined by dashes, unique per kind with -2, -3... */

const MAX_SLUG_LENGTH = 80;

/**
 * `Zoë's 5 tips — for Q3!` -> `zoes-5-tips-for-q3`. Pure. Answers `untitled` for text with no letters
 * or digits, so a slug is never empty.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Apostrophes join words ("zoe's" -> "zoes") instead of splitting them.
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'untitled';
}

/**
 * The first of `base`, `base-2`, `base-3`... that is not in `taken`. Pure. `taken` holds the slugs of the
 * same kind that could collide (the adapter selects `base` and `base-<n>` only).
 */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A LIKE pattern matching `base-<anything>`, with LIKE's wildcards in `base` escaped. */
export function suffixedSlugPattern(base: string): string {
  return `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
}

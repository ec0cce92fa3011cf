/**
 * What screening reads from free text: cover-narrative and business words in a payment's reference, and
 * whether two names share a family name. Each matcher is compiled once per configuration.
 */

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s_-]+/g, '[\\s_-]+');
}

/** One regular expression for a word list: whole words, any case, spaces, hyphens and underscores alike. */
export function wordMatcher(words: readonly string[], socialHandles = false): RegExp | undefined {
  // Longest first, so "school fees" wins over "school fee" in the detail.
  const parts = [...new Set(words)].sort((a, b) => b.length - a.length).map(escape);
  if (socialHandles) parts.push('@[a-z0-9_.]{3,30}');
  if (!parts.length) return undefined;
  return new RegExp(`(?:^|[^\\p{L}\\p{N}@])(${parts.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/** The word of `matcher` that `text` uses, lower-cased; an @handle is reported as "a social-media handle". */
export function matchedWord(matcher: RegExp | undefined, text: string | undefined): string | undefined {
  if (!matcher || !text) return undefined;
  const found = matcher.exec(text)?.[1];
  if (found === undefined) return undefined;
  return found.startsWith('@') ? 'a social-media handle' : found.toLowerCase().replace(/[\s_]+/g, ' ');
}

/** Family-name tokens of a name: every word after the first, lower-cased, without accents, of 3 letters or more. */
export function familyNames(name: string | undefined): string[] {
  if (!name) return [];
  const words = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= 3);
  return words.slice(1);
}

/**
 * Whether two people look related by name: true when they share a family name (Filipino names carry the
 * mother's family name too), false when they share none, undefined when a name is missing.
 */
export function shareFamilyName(a: string | undefined, b: string | undefined): boolean | undefined {
  const left = familyNames(a);
  const right = familyNames(b);
  if (!left.length || !right.length) return undefined;
  return left.some((w) => right.includes(w));
}

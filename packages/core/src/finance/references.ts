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

const ASCII = /^[\x20-\x7e]*$/;

/** Family-name words of a name: every word after the first, lower-cased, without accents, of 3 letters or more. */
export function familyNames(name: string | undefined): string[] | undefined {
  if (!name) return undefined;
  // Accents only matter outside ASCII; most names skip the (slow) decomposition.
  const plain = ASCII.test(name) ? name : name.normalize('NFD').replace(/\p{M}/gu, '');
  const words = plain.toLowerCase().split(/[^\p{L}]+/u);
  const family: string[] = [];
  for (let i = 1; i < words.length; i++) if (words[i]!.length >= 3) family.push(words[i]!);
  return family;
}

/**
 * Whether two people look related by their family-name words (Filipino names carry the mother's family
 * name too): true when they share one, false when they share none, undefined when a name is missing.
 */
export function shareFamilyName(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): boolean | undefined {
  if (!a?.length || !b?.length) return undefined;
  return a.some((w) => b.includes(w));
}

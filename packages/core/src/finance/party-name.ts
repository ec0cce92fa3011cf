/**
 * The key under which a party's name and country are compared with a referral's reported person: letters and
 * digits only, without accents, lower-case, the words in order (so "SANTOS, Maria" and "María Santos" agree),
 * with the country. A weak signal: many people share a name; it never stands alone as a strong link.
 */
export function partyNameKey(name: string | undefined, country: string | undefined): string | undefined {
  if (!name || !country) return undefined;
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort();
  // One word is a first name or a nickname, not enough to tell people apart.
  if (words.length < 2) return undefined;
  return `${country.toUpperCase()}:${words.join(' ')}`;
}

interface NamedPerson {
  name?: string | null;
  location?: { country?: string | null } | null;
}

/**
 * The name keys of a referral's reported persons (each person's own country, else the referral's), each once:
 * what a payment party's name and country are looked up by.
 */
export function personNameKeys(referral: {
  reportedPersons?: NamedPerson[] | null;
  location?: { country?: string | null } | null;
}): string[] {
  const keys = new Set<string>();
  for (const person of referral.reportedPersons ?? []) {
    const country = person.location?.country ?? referral.location?.country ?? undefined;
    const key = partyNameKey(person.name ?? undefined, country);
    if (key) keys.add(key);
  }
  return [...keys];
}

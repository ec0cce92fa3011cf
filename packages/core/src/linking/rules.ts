import { z } from 'zod';
import type { IdentifierKind } from '../identifiers/normalise.ts';

/**
 * Which identifiers link referrals into a cluster (a likely person or network), as configuration.
 * Strong identifiers link by themselves; an IP links only when two observations are close in time.
 */
export const LinkingRules = z
  .object({
    strongKinds: z
      .array(z.enum(['email', 'phone', 'esp-user-id', 'screen-name', 'device-id', 'payment-account']))
      .describe('Identifier kinds that link referrals by themselves'),
    ipWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .describe('Two observations of one IP link only when at most this far apart'),
    ipAcrossServices: z
      .boolean()
      .describe('Whether an IP seen by two different services links the referrals (default: no)'),
  })
  .strict();
export type LinkingRules = z.infer<typeof LinkingRules>;

export const DEFAULT_LINKING_RULES: LinkingRules = {
  strongKinds: ['email', 'phone', 'esp-user-id', 'screen-name', 'device-id', 'payment-account'],
  // Carrier-grade NAT gives one public address to many subscribers at once, and homes, cafés and
  // schools share one connection: an IP points to a person only at a moment, so it links only
  // observations an hour apart at most, and only as seen by the same service (a port number, which
  // would tell CGNAT users apart, is rarely in a report).
  ipWindowMinutes: 60,
  ipAcrossServices: false,
};

/** A normalised identifier as stored with a referral. */
export interface LinkableIdentifier {
  kind: IdentifierKind;
  /** Normalised value; screen names and user ids already carry their service ("facebook:juan.d"). */
  value: string;
  service: string | null;
}

/** Kinds whose value means nothing without the service it belongs to. */
const SERVICE_SCOPED: ReadonlySet<IdentifierKind> = new Set(['screen-name', 'esp-user-id']);

/**
 * The link key of an identifier: kind, the service where it matters, and the normalised value, e.g.
 * "email:juan@example.com", "screen-name:facebook:juan.d", "payment-account:gcash:09171234567",
 * "ip:112.198.10.20". Null for identifiers that never link: URLs (they name material, not people),
 * strong kinds switched off, and screen names or user ids without a service (the same name on two
 * platforms is not the same account). Deconfliction hashes these keys, so two installations must agree.
 */
export function linkKey(identifier: LinkableIdentifier, rules: LinkingRules): string | null {
  const { kind, value, service } = identifier;
  if (kind === 'ip') return `ip:${value}`;
  if (!(rules.strongKinds as string[]).includes(kind)) return null;
  if (SERVICE_SCOPED.has(kind)) return service ? `${kind}:${value}` : null;
  // An account number is only unique within its provider when the provider is known.
  if (kind === 'payment-account' && service) return `${kind}:${service.trim().toLowerCase()}:${value}`;
  return `${kind}:${value}`;
}

/** The kind part of a link key. */
export const linkKeyKind = (key: string): IdentifierKind => key.slice(0, key.indexOf(':')) as IdentifierKind;

/** The value part of a link key, as shown to an analyst next to its kind. */
export const linkKeyValue = (key: string): string => key.slice(key.indexOf(':') + 1);

/** One observation of an IP: which service saw it and when. */
export interface IpObservation {
  service: string | null;
  observedAt: Date | null;
}

/** Whether two observations of the same IP link their referrals under the rules. */
export function ipObservationsLink(a: IpObservation, b: IpObservation, rules: LinkingRules): boolean {
  // Without a time an observation cannot be placed next to another.
  if (!a.observedAt || !b.observedAt) return false;
  if (Math.abs(a.observedAt.getTime() - b.observedAt.getTime()) > rules.ipWindowMinutes * 60_000)
    return false;
  if (rules.ipAcrossServices) return true;
  return a.service !== null && a.service === b.service;
}

/**
 * The pairs of observations of one IP that link, enough to connect every group that links: within one
 * service, observations sorted by time link to the next when close enough (any pair within the window has
 * every observation between them within it too). Returns index pairs into `observations`.
 */
export function linkedIpPairs(observations: IpObservation[], rules: LinkingRules): [number, number][] {
  const groups = new Map<string, number[]>();
  observations.forEach((o, i) => {
    if (!o.observedAt || (!rules.ipAcrossServices && o.service === null)) return;
    const group = rules.ipAcrossServices ? '' : o.service!;
    const members = groups.get(group);
    if (members) members.push(i);
    else groups.set(group, [i]);
  });
  const pairs: [number, number][] = [];
  for (const members of groups.values()) {
    members.sort((x, y) => observations[x]!.observedAt!.getTime() - observations[y]!.observedAt!.getTime());
    for (let k = 1; k < members.length; k++)
      if (ipObservationsLink(observations[members[k - 1]!]!, observations[members[k]!]!, rules))
        pairs.push([members[k - 1]!, members[k]!]);
  }
  return pairs;
}

import ipaddr from 'ipaddr.js';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { canonicalInternationalPhone } from './international-phone.ts';

export const IDENTIFIER_KINDS = [
  'email',
  'phone',
  'ip',
  'screen-name',
  'esp-user-id',
  'url',
  'device-id',
  'payment-account',
] as const;
export const IdentifierKind = z.enum(IDENTIFIER_KINDS);
export type IdentifierKind = z.infer<typeof IdentifierKind>;

export type NormaliseResult = { ok: true; value: string } | { ok: false; reason: string };

export interface NormaliseContext {
  /** ISO 3166-1 alpha-2 country used to read phone numbers written without a country code. */
  defaultCountry?: string;
  /** The service (platform) a screen name or user id belongs to. */
  service?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function email(raw: string): NormaliseResult {
  const value = raw.trim().toLowerCase();
  return EMAIL.test(value) ? { ok: true, value } : { ok: false, reason: 'not a valid email address' };
}

/**
 * What libphonenumber made of the numbers it had to parse (about 10 µs each), remembered per country hint and
 * then per text, since the same parties come again and again in a payment file or a batch of referrals. Cleared
 * when large, so memory stays bounded.
 */
const PARSED_REMEMBERED = 250_000;
const parsedPhones = new Map<string, Map<string, string | null>>();
let parsedCount = 0;

function parsedPhone(text: string, country: CountryCode | undefined): string | null {
  let known = parsedPhones.get(country ?? '');
  if (!known) parsedPhones.set(country ?? '', (known = new Map()));
  let value = known.get(text);
  if (value === undefined) {
    const parsed = parsePhoneNumberFromString(text, country);
    value = parsed?.isPossible() ? parsed.number : null;
    if (++parsedCount > PARSED_REMEMBERED) {
      for (const numbers of parsedPhones.values()) numbers.clear();
      parsedCount = 1;
    }
    known.set(text, value);
  }
  return value;
}

function phone(raw: string, ctx: NormaliseContext): NormaliseResult {
  const country = ctx.defaultCountry?.toUpperCase() as CountryCode | undefined;
  const text = raw.trim();
  const canonical = canonicalInternationalPhone(text);
  const value = canonical === undefined ? parsedPhone(text, country) : canonical;
  if (value === null) {
    return {
      ok: false,
      reason: country
        ? `not a possible phone number for country ${country}`
        : 'not a possible phone number (give it with a + country code, or a country hint)',
    };
  }
  return { ok: true, value };
}

function ip(raw: string): NormaliseResult {
  const text = raw.trim();
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text))
    return { ok: false, reason: 'not a valid IPv4 or IPv6 address' };
  const parsed = ipaddr.parse(text);
  // An IPv4-mapped IPv6 address is the IPv4 address: key both the same way.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return { ok: true, value: (parsed as ipaddr.IPv6).toIPv4Address().toString() };
  }
  const value = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
  return { ok: true, value };
}

function url(raw: string): NormaliseResult {
  const text = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `http://${text}`);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  parsed.hash = '';
  // The WHATWG parser lower-cases the host, drops default ports and resolves dot segments.
  return { ok: true, value: parsed.toString() };
}

function keyed(raw: string, ctx: NormaliseContext, lowerCase: boolean): NormaliseResult {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'must not be empty' };
  const value = lowerCase ? text.toLowerCase() : text;
  const service = ctx.service?.trim().toLowerCase();
  return { ok: true, value: service ? `${service}:${value}` : value };
}

function plain(raw: string): NormaliseResult {
  const value = raw.trim();
  return value ? { ok: true, value } : { ok: false, reason: 'must not be empty' };
}

/**
 * The canonical form of an identifier, used to link referrals that share it.
 * Screen names and ESP user ids are keyed by service ("facebook:juan.d"), since the same
 * name on two platforms is not the same account.
 */
export function normaliseIdentifier(
  kind: IdentifierKind,
  raw: string,
  ctx: NormaliseContext = {},
): NormaliseResult {
  switch (kind) {
    case 'email':
      return email(raw);
    case 'phone':
      return phone(raw, ctx);
    case 'ip':
      return ip(raw);
    case 'url':
      return url(raw);
    case 'screen-name':
      return keyed(raw, ctx, true);
    case 'esp-user-id':
      return keyed(raw, ctx, false);
    case 'device-id':
    case 'payment-account':
      return plain(raw);
  }
}

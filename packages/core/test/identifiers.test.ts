import { describe, expect, it } from 'vitest';
import {
  normaliseIdentifier,
  type IdentifierKind,
  type NormaliseContext,
} from '../src/identifiers/normalise.ts';

const valid: [IdentifierKind, string, NormaliseContext, string][] = [
  ['email', '  Juan.Dela.Cruz@Example.COM ', {}, 'juan.dela.cruz@example.com'],
  ['phone', '0917 123 4567', { defaultCountry: 'PH' }, '+639171234567'],
  ['phone', '+63 (917) 123-4567', {}, '+639171234567'],
  ['phone', '09171234567', { defaultCountry: 'ph' }, '+639171234567'],
  ['phone', '020 7946 0958', { defaultCountry: 'GB' }, '+442079460958'],
  ['ip', ' 112.198.10.20 ', {}, '112.198.10.20'],
  ['ip', '2001:0DB8:0000:0000:0000:0000:0000:0001', {}, '2001:db8::1'],
  ['ip', '::ffff:112.198.10.20', {}, '112.198.10.20'],
  ['url', 'HTTP://Example.COM:80/a/../b?x=1#frag', {}, 'http://example.com/b?x=1'],
  ['url', 'example.com/profile/123', {}, 'http://example.com/profile/123'],
  ['screen-name', ' IslandStar42 ', { service: 'Facebook' }, 'facebook:islandstar42'],
  ['screen-name', 'IslandStar42', {}, 'islandstar42'],
  ['esp-user-id', 'AbC123', { service: 'Discord' }, 'discord:AbC123'],
  ['device-id', ' IMEI-356938035643809 ', {}, 'IMEI-356938035643809'],
  ['payment-account', ' 0917-WALLET ', {}, '0917-WALLET'],
];

const invalid: [IdentifierKind, string, NormaliseContext, RegExp][] = [
  ['email', 'not-an-email', {}, /email/],
  ['phone', '12', { defaultCountry: 'PH' }, /PH/],
  ['phone', '917', {}, /country/],
  ['ip', '300.1.1.1', {}, /IPv4/],
  ['ip', '0x7f.1', {}, /IPv4/],
  ['url', 'http://', {}, /URL/],
  ['screen-name', '   ', {}, /empty/],
];

describe('normaliseIdentifier', () => {
  it.each(valid)('%s %j → canonical form', (kind, raw, ctx, expected) => {
    expect(normaliseIdentifier(kind, raw, ctx)).toEqual({ ok: true, value: expected });
  });

  it.each(invalid)('%s %j is rejected with a reason', (kind, raw, ctx, reason) => {
    const result = normaliseIdentifier(kind, raw, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

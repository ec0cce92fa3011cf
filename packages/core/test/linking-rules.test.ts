import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LINKING_RULES as RULES,
  ipObservationsLink,
  linkedIpPairs,
  linkKey,
  linkKeyKind,
  linkKeyValue,
  type LinkableIdentifier,
  type LinkingRules,
} from '../src/linking/rules.ts';

const id = (kind: LinkableIdentifier['kind'], value: string, service: string | null = null) => ({
  kind,
  value,
  service,
});

describe('linkKey', () => {
  const cases: [string, LinkableIdentifier, LinkingRules, string | null][] = [
    ['email', id('email', 'juan@example.com'), RULES, 'email:juan@example.com'],
    ['phone', id('phone', '+639171234567'), RULES, 'phone:+639171234567'],
    [
      'screen name carries its service',
      id('screen-name', 'facebook:islandstar42', 'Facebook'),
      RULES,
      'screen-name:facebook:islandstar42',
    ],
    ['screen name without a service never links', id('screen-name', 'islandstar42'), RULES, null],
    ['user id without a service never links', id('esp-user-id', '12345'), RULES, null],
    ['device id is global', id('device-id', '356938035643809', 'IMEI'), RULES, 'device-id:356938035643809'],
    [
      'payment account is scoped by its provider',
      id('payment-account', '09171234567', ' GCash '),
      RULES,
      'payment-account:gcash:09171234567',
    ],
    [
      'payment account without a provider (an IBAN, say)',
      id('payment-account', 'PH12BOPI0001'),
      RULES,
      'payment-account:PH12BOPI0001',
    ],
    ['IP keys on the address alone', id('ip', '112.198.10.20', 'facebook'), RULES, 'ip:112.198.10.20'],
    ['URLs name material, not people', id('url', 'http://example.com/x'), RULES, null],
    ['a strong kind switched off', id('phone', '+639171234567'), { ...RULES, strongKinds: ['email'] }, null],
  ];
  it.each(cases)('%s', (_name, identifier, rules, expected) => {
    expect(linkKey(identifier, rules)).toBe(expected);
  });

  it('splits back into kind and value', () => {
    const key = 'screen-name:facebook:islandstar42';
    expect(linkKeyKind(key)).toBe('screen-name');
    expect(linkKeyValue(key)).toBe('facebook:islandstar42');
  });
});

const at = (minutes: number) => new Date(Date.UTC(2026, 8, 28, 22, minutes));

describe('ipObservationsLink', () => {
  const cases: [
    string,
    [string | null, number | null],
    [string | null, number | null],
    LinkingRules,
    boolean,
  ][] = [
    ['same service, 30 minutes apart', ['fb', 0], ['fb', 30], RULES, true],
    ['same service, exactly the window apart', ['fb', 0], ['fb', 60], RULES, true],
    ['same service, 61 minutes apart', ['fb', 0], ['fb', 61], RULES, false],
    ['different services, same minute', ['fb', 0], ['google', 0], RULES, false],
    [
      'different services, allowed by configuration',
      ['fb', 0],
      ['google', 5],
      { ...RULES, ipAcrossServices: true },
      true,
    ],
    ['unknown service never matches itself', [null, 0], [null, 0], RULES, false],
    ['an observation without a time', ['fb', null], ['fb', 0], RULES, false],
    ['a wider window', ['fb', 0], ['fb', 90 * 60], { ...RULES, ipWindowMinutes: 24 * 60 }, false],
    ['a wider window, within it', ['fb', 0], ['fb', 23 * 60], { ...RULES, ipWindowMinutes: 24 * 60 }, true],
  ];
  it.each(cases)('%s', (_name, [sa, ta], [sb, tb], rules, expected) => {
    const a = { service: sa, observedAt: ta === null ? null : at(ta) };
    const b = { service: sb, observedAt: tb === null ? null : at(tb) };
    expect(ipObservationsLink(a, b, rules)).toBe(expected);
    expect(ipObservationsLink(b, a, rules)).toBe(expected);
  });
});

describe('linkedIpPairs', () => {
  it('chains observations in time order within each service', () => {
    const observations = [
      { service: 'fb', observedAt: at(100) },
      { service: 'fb', observedAt: at(0) },
      { service: 'fb', observedAt: at(50) },
      { service: 'google', observedAt: at(10) },
      { service: 'fb', observedAt: at(300) },
      { service: null, observedAt: at(0) },
      { service: 'fb', observedAt: null },
    ];
    expect(linkedIpPairs(observations, RULES)).toEqual([
      [1, 2],
      [2, 0],
    ]);
  });

  it('links across services when configured', () => {
    const observations = [
      { service: 'fb', observedAt: at(0) },
      { service: 'google', observedAt: at(10) },
      { service: null, observedAt: at(20) },
    ];
    expect(linkedIpPairs(observations, { ...RULES, ipAcrossServices: true })).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { partyNameKey, personNameKeys } from '../src/index.ts';

describe('partyNameKey', () => {
  it.each([
    ['Maria Santos', 'PH', 'PH:maria santos'],
    ['SANTOS, María', 'ph', 'PH:maria santos'],
    ['  maria   santos ', 'PH', 'PH:maria santos'],
    ['Maria Dela Cruz-Santos', 'PH', 'PH:cruz dela maria santos'],
    ['Maria', 'PH', undefined],
    ['Maria Santos', undefined, undefined],
    [undefined, 'PH', undefined],
  ])('%s in %s → %s', (name, country, key) => {
    expect(partyNameKey(name, country)).toBe(key);
  });

  it('tells the same name in two countries apart', () => {
    expect(partyNameKey('Maria Santos', 'PH')).not.toBe(partyNameKey('Maria Santos', 'US'));
  });
});

describe('personNameKeys', () => {
  it.each([
    ['no reported persons', {}, []],
    [
      "a person's own country, else the referral's",
      {
        location: { country: 'PH' },
        reportedPersons: [
          { name: 'Maria Santos' },
          { name: 'John Smith', location: { country: 'GB' } },
          { name: 'Anon' },
          {},
        ],
      },
      ['PH:maria santos', 'GB:john smith'],
    ],
    [
      'the same key once',
      {
        reportedPersons: [
          { name: 'Maria Santos', location: { country: 'PH' } },
          { name: 'SANTOS, María', location: { country: 'ph' } },
        ],
      },
      ['PH:maria santos'],
    ],
    ['no country at all', { reportedPersons: [{ name: 'Maria Santos' }] }, []],
  ])('%s', (_, referral, keys) => {
    expect(personNameKeys(referral)).toEqual(keys);
  });
});

import { describe, expect, it } from 'vitest';
import { partyNameKey } from '../src/index.ts';

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

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { canonicalInternationalPhone } from '../src/identifiers/international-phone.ts';

/** What libphonenumber makes of a number: its E.164 form when possible, null when not. */
function parsed(text: string, country?: CountryCode): string | null {
  const number = parsePhoneNumberFromString(text, country);
  return number?.isPossible() ? number.number : null;
}

describe('numbers already in E.164 form', () => {
  it.each([
    ['+639171234567', '+639171234567'], // Philippine mobile
    ['+12874072409', '+12874072409'], // North America: 25 countries, one length
    ['+6391712', null], // too short for the Philippines
    ['+78552460544', undefined], // Russia: 8 is its national prefix, libphonenumber strips it
    ['+5590518746064', undefined], // Brazil: 90 is a carrier code
    ['+442071234567', '+442071234567'], // 10 digits: possible in Britain and its islands alike
    ['+44207123456', undefined], // 9 digits: possible in Britain, not on the Isle of Man
    ['+6309171234567', undefined], // a national 0 after the code
    ['09171234567', undefined], // national form: parsed with the country hint
    ['+63 917 123 4567', undefined], // spaces: parsed
  ])('%s → %s', (text, expected) => {
    expect(canonicalInternationalPhone(text)).toBe(expected);
  });

  it('agrees with libphonenumber on every calling code and length it decides, whatever the country hint', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let decided = 0;
    for (let code = 1; code < 1000; code++) {
      for (let length = 2; length <= 15; length++) {
        for (let sample = 0; sample < 6; sample++) {
          let national = String(1 + Math.floor(random() * 9));
          while (national.length < length) national += Math.floor(random() * 10);
          const text = `+${code}${national}`;
          const fast = canonicalInternationalPhone(text);
          if (fast === undefined) continue;
          decided++;
          for (const hint of [undefined, 'PH', 'US'] as const)
            expect(fast, `${text} (${hint})`).toBe(parsed(text, hint));
        }
      }
    }
    expect(decided).toBeGreaterThan(10_000);
    // Tens of thousands of libphonenumber parses: about 5 s on this 2-core machine, more beside other work.
  }, 30_000);
});

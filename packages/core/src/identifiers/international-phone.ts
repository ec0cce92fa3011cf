import { Metadata, type CountryCode } from 'libphonenumber-js/max';

/** What this module reads of libphonenumber's metadata (its typings declare less than the class has). */
interface Plans {
  countryCallingCodes(): Record<string, CountryCode[]>;
  selectNumberingPlan(country: CountryCode): void;
  numberingPlan: {
    possibleLengths(): number[];
    nationalPrefixForParsing(): string | undefined;
    nationalPrefix(): string | undefined;
  };
}

/**
 * Per calling code: the national lengths every one of its countries allows, those at least one allows, and the
 * prefixes libphonenumber would strip when parsing (national and carrier prefixes).
 */
interface CallingCode {
  everywhere: Set<number>;
  somewhere: Set<number>;
  prefixes: RegExp[];
}

let codes: Map<string, CallingCode> | undefined;

function callingCodes(): Map<string, CallingCode> {
  if (codes) return codes;
  const plans = new Metadata() as unknown as Plans;
  codes = new Map();
  for (const [code, countries] of Object.entries(plans.countryCallingCodes())) {
    const lengths: number[][] = [];
    const prefixes: RegExp[] = [];
    for (const country of countries) {
      plans.selectNumberingPlan(country);
      lengths.push(plans.numberingPlan.possibleLengths());
      const prefix = plans.numberingPlan.nationalPrefixForParsing() ?? plans.numberingPlan.nationalPrefix();
      if (prefix) prefixes.push(new RegExp(`^(?:${prefix})`));
    }
    const somewhere = new Set(lengths.flat());
    const everywhere = new Set([...somewhere].filter((n) => lengths.every((l) => l.includes(n))));
    codes.set(code, { everywhere, somewhere, prefixes });
  }
  return codes;
}

const E164 = /^\+[1-9]\d{1,16}$/;

/**
 * A number already written in E.164 (`+` and digits), normalised without parsing it: libphonenumber takes
 * ~10–20 µs a number, and payment files hold millions, most already in this form. The answer is the number
 * itself when every country of its calling code allows its length, `null` when none does, and `undefined` —
 * parse it — whenever libphonenumber could read it differently: countries of the code that disagree on the
 * length (Canada's 7-digit numbers in +1), or digits after the code that start like a national or carrier
 * prefix it would strip. A test compares the two on generated numbers of every calling code.
 */
export function canonicalInternationalPhone(text: string): string | null | undefined {
  if (!E164.test(text)) return undefined;
  const table = callingCodes();
  for (let k = 1; k <= 3; k++) {
    const code = table.get(text.slice(1, 1 + k));
    if (code === undefined) continue;
    const national = text.slice(1 + k);
    if (national.startsWith('0') || code.prefixes.some((p) => p.test(national))) return undefined;
    if (code.everywhere.has(national.length)) return text;
    return code.somewhere.has(national.length) ? undefined : null;
  }
  return undefined;
}

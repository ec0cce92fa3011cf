/** A JSON escape other than `\"` and `\\` (of a control character or a lone surrogate): not array syntax. */
const OTHER_ESCAPE = /\\[^"\\]/;

/**
 * A PostgreSQL array literal (`{"a","b c",NULL}`), to send a column of values as one text parameter cast to an
 * array type: a payment import sends 19 such columns of 5,000 values per statement. Most columns are written
 * by JSON.stringify, in native code: JSON quotes text and escapes `"` and `\` as the array syntax does, writes
 * numbers bare and null as `null`, which the array syntax reads as NULL. A column whose JSON holds any other
 * escape (control characters) or that has a number JSON cannot write (NaN, ±Infinity) is quoted value by value.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  if (values.every((value) => typeof value !== 'number' || Number.isFinite(value))) {
    const json = JSON.stringify(values);
    // Most columns have no backslash at all: one search for it, before the expression's scan.
    if (json.indexOf('\\') === -1 || !OTHER_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  }
  const parts = values.map((value) =>
    value === null ? 'NULL' : `"${String(value).replace(/["\\]/g, '\\$&')}"`,
  );
  return `{${parts.join(',')}}`;
}

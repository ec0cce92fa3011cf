const SPECIAL = /["\\]/;

/**
 * A PostgreSQL array literal (`{"a","b c",NULL}`), to send a column of values as one text parameter cast to an
 * array type. Every element is quoted, so any text is safe; `"` and `\` are escaped, `null` is NULL. It does
 * what pg does for an array parameter, with one regular-expression test per element where pg runs two
 * replacements: a payment import sends 19 such columns of 5,000 values per statement.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) parts[i] = 'NULL';
    else {
      const text = String(value);
      parts[i] = SPECIAL.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

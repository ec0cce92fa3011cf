/**
 * A PostgreSQL array literal (`{"a","b c",NULL}`), to send a column of values as one text parameter cast to an
 * array type. Every element is quoted, so any text is safe; `"` and `\` are escaped, `null` is NULL. It does
 * what pg does for an array parameter with less work per element (a payment import sends 19 such columns of
 * 5,000 values per statement): a number is quoted as it is, and text is searched for the two characters
 * before any replacement runs.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === null) parts[i] = 'NULL';
    else if (typeof value === 'number' || (value.indexOf('"') === -1 && value.indexOf('\\') === -1))
      parts[i] = `"${value}"`;
    else parts[i] = `"${value.replace(/["\\]/g, '\\$&')}"`;
  }
  return `{${parts.join(',')}}`;
}

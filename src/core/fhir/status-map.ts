/**
 * Our values that a table of ours → FHIR's maps to one of `codes`: what a status search naming
 * FHIR's codes asks for in our words (in the table's order).
 */
export function oursMappedTo<Ours extends string>(table: Readonly<Record<Ours, string>>, codes: readonly string[]): Ours[] {
  return (Object.keys(table) as Ours[]).filter((ours) => codes.includes(table[ours]));
}

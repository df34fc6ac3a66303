/**
 * A FHIR token search value: `system|code` (that system's code), `|code` (a code without a system)
 * or `code` (the code in any system). See https://hl7.org/fhir/R4/search.html#token.
 */
export interface TokenValue {
  /** Undefined: any system; null: none (`|code`). */
  system: string | null | undefined;
  code: string;
}

export function readToken(value: string): TokenValue {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: undefined, code: value };
  return { system: bar === 0 ? null : value.slice(0, bar), code: value.slice(bar + 1) };
}

/** Whether a coding of `system` matches the token's system (any, when it names none). */
export function systemMatches(token: TokenValue, system: string): boolean {
  return token.system === undefined || token.system === system;
}

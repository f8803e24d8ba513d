/**
 * Rules for human-readable text that Roster stores and shows to people: names,
 * group names, external ids and the like. Such text goes into emails, lists and
 * identity-provider consoles, so it must not carry characters that change how
 * the text around it displays. Rejected: Unicode control characters (category
 * Cc: C0, DEL, C1, which include line breaks, NUL and ESC), the bidirectional
 * embedding, override and isolate controls (U+202A to U+202E, U+2066 to
 * U+2069), the line and paragraph separators (U+2028, U+2029) and unpaired
 * surrogates. Zero-width joiners and non-joiners (U+200C, U+200D) stay
 * allowed, because names in several scripts need them.
 */
const UNREADABLE = /\p{Cc}|[\u202a-\u202e\u2066-\u2069\u2028\u2029]|\p{Cs}/u;
const UNREADABLE_RUNS = new RegExp(`(?:${UNREADABLE.source})+`, 'gu');

/** The rule as a client can act on it, for error messages. */
export const READABLE_TEXT_RULE =
  'remove control characters (such as line breaks, NUL and ESC), bidirectional formatting characters (U+202A to U+202E, U+2066 to U+2069), line and paragraph separators (U+2028, U+2029) and unpaired surrogates';

/**
 * Returns the first character that human-readable text must not contain, as
 * `U+XXXX`, or undefined when the text is fine. With the `u` flag a lone
 * surrogate is matched by `\p{Cs}` while a valid pair reads as one code point.
 */
export function unreadableCharacter(value: string): string | undefined {
  const match = UNREADABLE.exec(value);
  if (match === null) return undefined;
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Returns the problem with `value` as a sentence fragment ("contains U+000A; remove …"), or undefined when it is readable. */
export function readableTextProblem(value: string): string | undefined {
  const character = unreadableCharacter(value);
  return character === undefined ? undefined : `contains ${character}; ${READABLE_TEXT_RULE}`;
}

/** Replaces each run of characters that {@link unreadableCharacter} would report with one `replacement`. */
export function replaceUnreadable(value: string, replacement: string): string {
  return value.replace(UNREADABLE_RUNS, replacement);
}

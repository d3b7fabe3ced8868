/** What {@link parseProviderJson} makes of a response text. */
export type ProviderJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

const BOM = '\uFEFF';
// Bare tokens some JSON writers emit for IEEE specials (Python's json module does by default).
const SPECIALS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
const MARK = '\u0000cf-special:';

/**
 * Parses a provider's JSON answer as a tolerant reader should: a leading UTF-8 byte-order mark is skipped
 * (RFC 8259 allows a parser to ignore it), and the bare tokens `NaN`, `Infinity` and `-Infinity` in value
 * position become those numbers, so that one such cell is a malformed row (refused later for its own
 * reason) instead of making the whole page unreadable. Anything else that is not JSON is refused, with the
 * parser's message.
 *
 * @example
 * parseProviderJson('\uFEFF[[1, NaN]]'); // { ok: true, value: [[1, NaN]] }
 * parseProviderJson('<html>'); // { ok: false, detail: 'Unexpected token ...' }
 */
export function parseProviderJson(text: string): ProviderJson {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  let strictError: Error;
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    strictError = error as Error;
  }
  // The placeholders are strings starting with U+0000; a text already holding that escape is left strict.
  const rewritten = /\\u0000/i.test(source) ? undefined : replaceSpecials(source);
  if (rewritten === undefined) return { ok: false, detail: strictError.message };
  try {
    const value = JSON.parse(rewritten, (_key, item: unknown) =>
      typeof item === 'string' && item.startsWith(MARK) ? SPECIALS[item.slice(MARK.length)] : item,
    ) as unknown;
    return { ok: true, value };
  } catch {
    return { ok: false, detail: strictError.message };
  }
}

/** The text with every bare special token outside strings replaced by a placeholder string; undefined if none. */
function replaceSpecials(text: string): string | undefined {
  let out = '';
  let from = 0;
  let found = false;
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = endOfString(text, i);
      previous = '"';
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') continue;
    if (previous === '' || previous === '[' || previous === ',' || previous === ':') {
      const token = Object.keys(SPECIALS).find(
        (name) => text.startsWith(name, i) && !/[A-Za-z0-9_$.]/.test(text[i + name.length] ?? ''),
      );
      if (token !== undefined) {
        out += `${text.slice(from, i)}"\\u0000cf-special:${token}"`;
        i += token.length - 1;
        from = i + 1;
        found = true;
        previous = '"';
        continue;
      }
    }
    previous = char;
  }
  return found ? out + text.slice(from) : undefined;
}

/** Index of the closing quote of the string opening at `start` (or the last index when it never closes). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/**
 * HL7 v2 escaping (v2.4 §2.7). Every piece of data text goes through `escapeHl7` before it is
 * placed between delimiters, so a participant called `O'Brien|Smith^Jones&Co\` cannot shift fields.
 */

export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/** The encoding characters we always send: MSH-1 `|`, MSH-2 `^~\&`. */
export const STANDARD_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

const hex2 = (code: number): string => code.toString(16).toUpperCase().padStart(2, '0');

/**
 * Escapes data text. Delimiters become `\F\ \S\ \R\ \T\ \E\`. C0 controls (notably CR, the segment
 * terminator, and LF, which some MLLP receivers also split on) become `\Xhh\`, so a pasted
 * multi-line value can never end a segment early.
 */
export function escapeHl7(text: string, d: Hl7Delimiters = STANDARD_DELIMITERS): string {
  let out = '';
  for (const ch of text) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch.charCodeAt(0) < 0x20 || ch === '\u007f')
      out += `${d.escape}X${hex2(ch.charCodeAt(0))}${d.escape}`;
    else out += ch;
  }
  return out;
}

/**
 * Reverses `escapeHl7`. `\Xhh..\` is decoded as UTF-8 bytes (MSH-18 is UNICODE UTF-8). Escape
 * sequences we do not interpret (highlighting `\H\`, `\N\`, character-set switches) are kept
 * verbatim rather than dropped, so no text is lost silently.
 */
export function unescapeHl7(text: string, d: Hl7Delimiters = STANDARD_DELIMITERS): string {
  const e = d.escape;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const close = ch === e ? text.indexOf(e, i + 1) : -1;
    if (close < 0) {
      out += ch;
      i += 1;
      continue;
    }
    const code = text.slice(i + 1, close);
    const simple: Record<string, string> = {
      F: d.field,
      S: d.component,
      T: d.subcomponent,
      R: d.repetition,
      E: e,
    };
    const mapped = simple[code];
    if (mapped !== undefined) out += mapped;
    else if (/^X(?:[0-9A-Fa-f]{2})+$/.test(code)) out += decodeHex(code.slice(1));
    else out += text.slice(i, close + 1);
    i = close + 1;
  }
  return out;
}

function decodeHex(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let j = 0; j < bytes.length; j += 1) bytes[j] = parseInt(hex.slice(j * 2, j * 2 + 2), 16);
  return new TextDecoder('utf-8').decode(bytes);
}

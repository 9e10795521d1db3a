import { remoteText } from './remote-text';

/**
 * Reading an HL7 v2 acknowledgement: MSA-1 (code), MSA-2 (the control id it acknowledges), and the
 * receiver's explanation from MSA-3 or an ERR segment. Delimiters come from the ACK's own MSH.
 */
interface Hl7Ack {
  code: string;
  controlId: string;
  text?: string;
  /** HL7 table 0357 error code (e.g. 207) from ERR-3, ERR-1.4 or MSA-6, when the receiver gave one. */
  errorCode?: string;
}

function delimiters(message: string) {
  const field = message.charAt(3) || '|';
  const component = message.charAt(4) || '^';
  const escape = message.charAt(6) || '\\';
  // Some senders give only three encoding characters; then position 7 is already the field separator.
  const sub = message.charAt(7) && message.charAt(7) !== field ? message.charAt(7) : '&';
  return { field, component, escape, sub };
}

function segments(message: string): string[] {
  return message.split(/\r\n|\r|\n/).filter((s) => s !== '');
}

/** Undoes the delimiter escapes (\F\ \S\ \T\ \R\ \E\); other escapes are dropped as formatting. */
function unescape(text: string, escape: string): string {
  const e = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const map: Record<string, string> = { F: '|', S: '^', T: '&', R: '~', E: escape };
  return text.replace(new RegExp(`${e}([^${e}]*)${e}`, 'g'), (_, code: string) => map[code] ?? '');
}

/** MSH-10 of a message we are about to send, to check the ACK is for it. */
export function controlIdOf(message: string): string | undefined {
  const msh = segments(message)[0];
  if (!msh?.startsWith('MSH')) return undefined;
  // MSH-1 is the field separator itself, so MSH-10 is index 9 after splitting.
  return msh.split(msh.charAt(3))[9];
}

export function parseAck(message: string): Hl7Ack | undefined {
  if (!message.startsWith('MSH')) return undefined;
  const { field, component, escape, sub } = delimiters(message);
  const all = segments(message).map((s) => s.split(field));
  const msa = all.find((s) => s[0] === 'MSA');
  if (!msa || !msa[1]) return undefined;
  const readable = (value: string | undefined) =>
    (value ?? '')
      .split(component)
      .map((c) => unescape(c, escape).trim())
      .filter((c) => c !== '')
      .join(' ');
  // MSA-3 (text message), else ERR-8 (user message, v2.5), ERR-3 (error code and text), ERR-1 (v2.4).
  const errs = all.filter((s) => s[0] === 'ERR');
  const candidates = [
    readable(msa[3]),
    ...errs.flatMap((s) => [readable(s[8]), readable(s[3]), readable(s[1])]),
  ];
  const text = candidates.find((t) => t !== '');
  // ERR-3.1 (v2.5+), ERR-1.4.1 (v2.4: segment^sequence^field^code&text), MSA-6.1 (v2.1-2.4).
  const first = (value: string | undefined) => value?.split(component)[0]?.split(sub)[0]?.trim() ?? '';
  const errorCode = [
    ...errs.flatMap((s) => [first(s[3]), (s[1] ?? '').split(component)[3]?.split(sub)[0]?.trim() ?? '']),
    first(msa[6]),
  ].find((c) => /^\d{1,5}$/.test(c));
  return {
    code: msa[1].trim().toUpperCase(),
    controlId: (msa[2] ?? '').trim(),
    ...(text ? { text: remoteText(text) } : {}),
    ...(errorCode ? { errorCode } : {}),
  };
}

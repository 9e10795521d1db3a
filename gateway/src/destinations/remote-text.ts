/**
 * Text that came back from a hospital system (an OperationOutcome's diagnostics, an HL7 ACK's MSA-3)
 * becomes a delivery outcome message, which travels to the app and into logs. Such text is written for
 * humans on the other side and can quote the order it refers to, so it is cleaned before we keep it:
 * single line, anything that looks like an NHS number masked, and short.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
const CONTROL = /[\u0000-\u001f\u007f]+/g;
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;

const REMOTE_TEXT_LIMIT = 200;

export function remoteText(text: string, limit: number = REMOTE_TEXT_LIMIT): string {
  const single = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  const masked = single.replace(NHS_NUMBER_LIKE, '[number]');
  const chars = [...masked];
  return chars.length <= limit ? masked : `${chars.slice(0, limit - 1).join('')}…`;
}

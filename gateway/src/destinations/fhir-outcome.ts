import { remoteText } from './remote-text';

/**
 * The human-readable part of a FHIR OperationOutcome: each issue's `diagnostics`, else its
 * `details.text`, joined. Anything that is not an OperationOutcome yields nothing, because an arbitrary
 * error body (an HTML page, our own resource echoed back) is not something to pass on.
 */
interface Issue {
  severity?: unknown;
  diagnostics?: unknown;
  details?: { text?: unknown };
}

export function outcomeText(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const outcome = parsed as { resourceType?: unknown; issue?: unknown };
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return undefined;
  const texts = (outcome.issue as Issue[])
    .map((issue) => issue?.diagnostics ?? issue?.details?.text)
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  return texts.length > 0 ? remoteText(texts.join('; ')) : undefined;
}

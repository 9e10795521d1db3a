/** Copies through the async clipboard API, falling back to selecting the text and the copy command. */
export async function copyText(
  text: string,
  element: HTMLElement | null,
): Promise<'copied' | 'selected' | 'failed'> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    // Denied (Electron's permission handler refuses requests) or unavailable: select it instead.
  }
  if (!element) return 'failed';
  const selection = window.getSelection();
  if (!selection) return 'failed';
  selection.selectAllChildren(element);
  try {
    // Deprecated, but still the one route that needs no permission, from a click.
    if (document.execCommand('copy')) return 'copied';
  } catch {
    // Leave the text selected for the user to copy.
  }
  return 'selected';
}

/** What to announce after copying `what` ("public key", "command"). */
export function copyOutcomeText(what: string, outcome: 'copied' | 'selected' | 'failed'): string {
  if (outcome === 'copied') return `${what.charAt(0).toUpperCase()}${what.slice(1)} copied`;
  if (outcome === 'selected') {
    return `The ${what} could not be copied automatically. It is selected: press Control and C to copy it.`;
  }
  return `The ${what} could not be copied. Select it and copy it by hand.`;
}

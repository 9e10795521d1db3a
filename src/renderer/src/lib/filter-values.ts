import type { IpcError } from '#shared/ipc/contract';

/** What a filter form sends to main: only the fields filled in, trimmed (main validates them). */
export function filledIn<F extends string>(
  values: Record<F, string>,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const filter: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const value = values[field].trim();
    if (value !== '') filter[field] = value;
  }
  return filter;
}

/** Main's validation errors for a filter form's fields, and the summary's links to them, in form order. */
export function filterErrors<F extends string>(
  error: IpcError | null,
  fields: readonly F[],
  ids: Record<F, string>,
): { byField: Partial<Record<F, string>>; summary: Array<{ text: string; targetId: string | null }> | null } {
  if (!error) return { byField: {}, summary: null };
  const byField: Partial<Record<F, string>> = {};
  for (const field of fields) if (error.fields?.[field]) byField[field] = error.fields[field];
  const linked = fields.flatMap((f) => (byField[f] ? [{ text: byField[f], targetId: ids[f] }] : []));
  return { byField, summary: linked.length > 0 ? linked : [{ text: error.message, targetId: null }] };
}

/**
 * What nhsuk-frontend's error summary script does for a link: bring the field's label (or, for radios
 * and checkboxes, its group's legend) into view and focus the field, without following `#id`, which
 * the hash router would read as a route.
 */
export function focusField(id: string): boolean {
  const field = document.getElementById(id);
  if (!field) return false;
  const isChoice = field instanceof HTMLInputElement && (field.type === 'radio' || field.type === 'checkbox');
  const legend = isChoice ? field.closest('fieldset')?.querySelector('legend') : null;
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (legend ?? label ?? field).scrollIntoView({ block: 'start' });
  field.focus({ preventScroll: true });
  return true;
}

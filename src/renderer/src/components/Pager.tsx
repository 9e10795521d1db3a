import type { ReactNode } from 'react';

/**
 * Newer/older page buttons for a log read newest first with cursors. `cursors` are the pages behind
 * the current one; going newer drops the last, going older pushes the page's own `nextBefore`.
 */
export function Pager({
  cursors,
  nextBefore,
  onChange,
  children,
}: {
  cursors: readonly number[];
  nextBefore: number | null;
  onChange: (cursors: number[]) => void;
  children?: ReactNode;
}) {
  return (
    <div className="nhsuk-button-group">
      {cursors.length > 0 ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => onChange(cursors.slice(0, -1))}
        >
          Newer entries
        </button>
      ) : null}
      {nextBefore !== null ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => onChange([...cursors, nextBefore])}
        >
          Older entries
        </button>
      ) : null}
      {children}
    </div>
  );
}

import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ErrorSummaryProps {
  items: readonly string[];
  title?: string;
  /** Context shown above the list, e.g. which participant the errors are about. */
  description?: ReactNode;
  children?: ReactNode;
}

/**
 * The NHS error summary. It takes focus whenever its errors change, so keyboard and screen-reader
 * users land on the problem instead of hunting for it; role="alert" sits on an inner element, as
 * nhsuk-frontend does, so the focus move and the announcement do not race.
 */
export function ErrorSummary({
  items,
  title = 'There is a problem',
  description,
  children,
}: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const focusKey = items.join('\n');

  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);

  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} aria-labelledby={headingId}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading" id={headingId}>
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          {children}
        </div>
      </div>
    </div>
  );
}

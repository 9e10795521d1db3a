import { useEffect, useId, useRef, type MouseEvent, type ReactNode } from 'react';
import { focusField } from './focus-field';

/** A problem with a field on the page: the summary links to it. */
export interface ErrorLink {
  text: string;
  /** The field's element id; null when the problem has no field on screen. */
  targetId: string | null;
}

interface ErrorSummaryProps {
  items: readonly (string | ErrorLink)[];
  title?: string;
  /** Context shown above the list, e.g. which participant the errors are about. */
  description?: ReactNode;
  /**
   * Focus moves to the summary whenever this changes (by default, whenever the errors do). A form
   * passes its attempt count, so submitting again with the same errors still lands on them.
   */
  focusKey?: string | number;
  children?: ReactNode;
}

/**
 * The NHS error summary. It takes focus whenever its errors change, so keyboard and screen-reader
 * users land on the problem instead of hunting for it; role="alert" sits on an inner element, as
 * nhsuk-frontend does, so the focus move and the announcement do not race. Links to fields focus the
 * field themselves: `#id` would be read as a route.
 */
export function ErrorSummary({
  items,
  title = 'There is a problem',
  description,
  focusKey,
  children,
}: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const links = items.map((item) => (typeof item === 'string' ? { text: item, targetId: null } : item));
  const key = focusKey ?? links.map((link) => link.text).join('\n');

  useEffect(() => {
    ref.current?.focus();
  }, [key]);

  const follow = (event: MouseEvent<HTMLAnchorElement>, targetId: string) => {
    event.preventDefault();
    focusField(targetId);
  };

  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} aria-labelledby={headingId}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading" id={headingId}>
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {links.map(({ text, targetId }, index) => (
              <li key={`${index}:${text}`}>
                {targetId ? (
                  <a href={`#${targetId}`} onClick={(event) => follow(event, targetId)}>
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            ))}
          </ul>
          {children}
        </div>
      </div>
    </div>
  );
}

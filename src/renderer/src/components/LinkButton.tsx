import type { KeyboardEvent, ReactNode } from 'react';

/**
 * nhsuk-frontend's "button as a link": a link (so it navigates, and opens in a new window if asked)
 * that looks and is announced as a button. Buttons are pressed with Space as well as Enter, which
 * nhsuk-frontend's script adds; this does the same.
 */
export function LinkButton({
  href,
  children,
  secondary = false,
}: {
  href: string;
  children: ReactNode;
  secondary?: boolean;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLAnchorElement>) => {
    if (event.key === ' ') {
      event.preventDefault();
      event.currentTarget.click();
    }
  };
  return (
    <a
      className={`nhsuk-button${secondary ? ' nhsuk-button--secondary' : ''}`}
      href={href}
      role="button"
      draggable="false"
      onKeyDown={onKeyDown}
    >
      {children}
    </a>
  );
}

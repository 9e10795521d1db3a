import type { MouseEvent } from 'react';

/**
 * "Skip to main content". A plain `href="#maincontent"` would be read as a route by the hash
 * router, so the link moves focus itself and leaves the URL alone.
 */
export function SkipLink() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById('maincontent')?.focus();
  };
  return (
    <a className="nhsuk-skip-link" href="#maincontent" onClick={skip}>
      Skip to main content
    </a>
  );
}

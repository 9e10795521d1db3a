import { useId } from 'react';

/**
 * Preformatted text under its own heading. The `<pre>` can scroll, so it is focusable (keyboard
 * users can scroll it) and therefore named after its heading, as a labelled region.
 */
export function CodeBlock({ title, text }: { title: string; text: string }) {
  const headingId = useId();
  return (
    <>
      <h2 id={headingId}>{title}</h2>
      <pre className="app-code-block" tabIndex={0} role="region" aria-labelledby={headingId}>
        {text}
      </pre>
    </>
  );
}

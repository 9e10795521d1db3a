import { useId, type Ref } from 'react';

interface CodeBlockProps {
  title: string;
  text: string;
  /** The heading's level: 2 for a page's own blocks, 3 inside a section. */
  level?: 2 | 3;
  preRef?: Ref<HTMLPreElement>;
}

/**
 * Preformatted text under its own heading. The `<pre>` can scroll, so it is focusable (keyboard
 * users can scroll it) and therefore named after its heading, as a labelled region.
 */
export function CodeBlock({ title, text, level = 2, preRef }: CodeBlockProps) {
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <>
      <Heading id={headingId}>{title}</Heading>
      <pre className="app-code-block" tabIndex={0} role="region" aria-labelledby={headingId} ref={preRef}>
        {text}
      </pre>
    </>
  );
}

import type { TagColour } from '../lib/labels';

interface TagProps {
  colour: TagColour;
  children: string;
  small?: boolean;
}

/** An nhsuk-tag: always a word, the colour only reinforces it. */
export function Tag({ colour, children, small = false }: TagProps) {
  const className = `nhsuk-tag nhsuk-tag--${colour}${small ? ' app-tag--small' : ''}`;
  return <strong className={className}>{children}</strong>;
}

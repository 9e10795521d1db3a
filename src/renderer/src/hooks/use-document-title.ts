import { useEffect } from 'react';

/** Each screen names itself in the window title, which screen readers announce on navigation. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Modality Link`;
  }, [title]);
}

import { createContext, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { LiveAnnouncer, type Announcement } from './LiveAnnouncer';

/** Something to show on the page at `href` the next time it opens ("Gateway saved" after a save). */
export interface Flash {
  href: string;
  text: string;
}

export interface Notices {
  /** Says `text` in the app's polite live region, which outlives page changes. */
  announce: (text: string) => void;
  setFlash: (flash: Flash) => void;
  /** The flash for `href`, if any; pure, so it can be read in a state initialiser. */
  peekFlash: (href: string) => string | null;
  clearFlash: () => void;
}

const NoticesContext = createContext<Notices | null>(null);

/**
 * App-wide notices. Pages are keyed by route and remount on navigation, taking their own live regions
 * with them; an outcome that navigates (saving a form) is announced here instead, from a region that
 * was present before its text. Children are passed through untouched, so an announcement re-renders
 * only the region.
 */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const flash = useRef<Flash | null>(null);
  const notices = useMemo<Notices>(
    () => ({
      announce: (text) => setAnnouncement((previous) => ({ text, id: (previous?.id ?? 0) + 1 })),
      setFlash: (value) => {
        flash.current = value;
      },
      peekFlash: (href) => (flash.current?.href === href ? flash.current.text : null),
      clearFlash: () => {
        flash.current = null;
      },
    }),
    [],
  );
  return (
    <NoticesContext.Provider value={notices}>
      {children}
      <LiveAnnouncer announcement={announcement} />
    </NoticesContext.Provider>
  );
}

export function useNotices(): Notices {
  const notices = useContext(NoticesContext);
  if (!notices) throw new Error('useNotices needs a NoticesProvider');
  return notices;
}

export interface Announcement {
  text: string;
  /** Changes on every announcement, so saying the same words twice is still announced. */
  id: number;
}

/**
 * A polite live region for outcomes that do not move focus ("Jane Smith sent to modality"). It is
 * rendered from the start: screen readers ignore regions that appear together with their text.
 */
export function LiveAnnouncer({ announcement }: { announcement: Announcement | null }) {
  return (
    <div className="nhsuk-u-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement ? <p key={announcement.id}>{announcement.text}</p> : null}
    </div>
  );
}

import type { ReactNode } from 'react';
import type { TimelineEntry } from '#shared/ipc/views';
import { formatTimeOnDay } from '../../lib/format';
import { TIMELINE_KIND_LABELS, type TimelineKind } from '../../lib/labels';

interface TimelineProps {
  entries: readonly TimelineEntry[];
  clinicDate: string;
  timeZone: string;
}

/** Simple line icons, one per kind, so the marker differs by shape and not by colour alone. */
const ICON_SHAPES: Record<TimelineKind, ReactNode> = {
  appointment: (
    <>
      <rect x="4" y="5" width="16" height="15" rx="2" />
      <path d="M4 10h16M8 3v4M16 3v4" />
    </>
  ),
  message: (
    <>
      <rect x="3" y="6" width="18" height="12" rx="1.5" />
      <path d="M3.5 7l8.5 6 8.5-6" />
    </>
  ),
  procedure: <path d="M3 12h4l3-7 4 14 3-7h4" />,
  image: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="2" />
      <path d="M20.5 17l-5-5-9 8" />
    </>
  ),
  manual: <path d="M4 20l1-4L16 5l3 3L8 19zM14 7l3 3" />,
};

function KindIcon({ kind }: { kind: TimelineKind }) {
  return (
    <svg
      className="app-timeline__icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
      aria-hidden="true"
    >
      {ICON_SHAPES[kind]}
    </svg>
  );
}

/**
 * What happened to the appointment, in the order it happened (main sends it sorted): what staff did,
 * each message's progress, what the modality reported, each image. Each entry has a marker whose
 * shape shows its kind; screen readers hear the kind in words instead.
 */
export function Timeline({ entries, clinicDate, timeZone }: TimelineProps) {
  if (entries.length === 0) return <p className="nhsuk-body">Nothing has happened yet.</p>;
  return (
    <ol className="app-timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`} className={`app-timeline__item app-timeline__item--${entry.kind}`}>
          <span className="app-timeline__marker">
            <KindIcon kind={entry.kind} />
          </span>
          <div className="app-timeline__content">
            <p className="app-timeline__heading">
              <time className="app-timeline__time" dateTime={entry.at}>
                {formatTimeOnDay(entry.at, clinicDate, timeZone)}
              </time>{' '}
              <span className="nhsuk-u-visually-hidden">{TIMELINE_KIND_LABELS[entry.kind]}: </span>
              <span className="app-timeline__title">{entry.title}</span>
            </p>
            {entry.detail ? <p className="app-timeline__detail">{entry.detail}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

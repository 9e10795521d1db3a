import type { Staff } from '#shared/ipc/staff';
import type { Section } from '../routing/route';
import { NhsLogo } from './NhsLogo';

interface AppHeaderProps {
  /** From `app.info`; null until it has loaded. */
  siteName: string | null;
  current: Section | null;
  /** Who is using the workstation; null until someone says, undefined while loading. */
  staff?: Staff | null | undefined;
}

const NAVIGATION: ReadonlyArray<{ section: Section; text: string; href: string }> = [
  { section: 'clinics', text: 'Clinics', href: '#/clinics' },
  { section: 'dashboard', text: 'Dashboard', href: '#/dashboard' },
  { section: 'messages', text: 'Messages', href: '#/messages' },
  { section: 'gateways', text: 'Gateways', href: '#/gateways' },
  { section: 'audit', text: 'Audit log', href: '#/audit' },
];

/**
 * nhsuk-frontend's header markup, without its script: five short navigation items never overflow, so the
 * "More" menu the script manages is not needed.
 */
export function AppHeader({ siteName, current, staff }: AppHeaderProps) {
  return (
    <header className="nhsuk-header">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <a className="nhsuk-header__service-logo" href="#/clinics" aria-label="Modality Link home">
            <NhsLogo />
            <span className="nhsuk-header__service-name">Modality Link</span>
          </a>
        </div>
        {siteName ? (
          <p className="app-header__site" data-testid="site-name">
            <span className="nhsuk-u-visually-hidden">Site: </span>
            {siteName}
          </p>
        ) : null}
        {staff !== undefined ? (
          <p className="app-header__staff" data-testid="staff">
            {staff ? (
              <>
                <span className="nhsuk-u-visually-hidden">Using this workstation: </span>
                {staff.name} ({staff.role}){' '}
                <a href="#/staff">
                  Change<span className="nhsuk-u-visually-hidden"> who is using this workstation</span>
                </a>
              </>
            ) : (
              <a href="#/staff">Say who is using this workstation</a>
            )}
          </p>
        ) : null}
      </div>
      <nav className="nhsuk-header__navigation" aria-label="Menu">
        <div className="nhsuk-header__navigation-container nhsuk-width-container">
          <ul className="nhsuk-header__navigation-list">
            {NAVIGATION.map((item) => {
              const isCurrent = item.section === current;
              return (
                <li
                  key={item.section}
                  className={`nhsuk-header__navigation-item${isCurrent ? ' nhsuk-header__navigation-item--current' : ''}`}
                >
                  <a
                    className="nhsuk-header__navigation-link"
                    href={item.href}
                    aria-current={isCurrent ? 'true' : undefined}
                  >
                    {isCurrent ? (
                      <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong>
                    ) : (
                      item.text
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      </nav>
    </header>
  );
}

import { useEffect, useRef } from 'react';
import { useApi } from './api/connection-context';
import { AppHeader } from './components/AppHeader';
import { LiveUpdatesWarning } from './components/LiveUpdatesWarning';
import { NoticesProvider } from './components/Notices';
import { SkipLink } from './components/SkipLink';
import { useRemote } from './hooks/use-remote';
import { useStaff } from './hooks/use-staff';
import { routeHref, sectionOf } from './routing/route';
import { useRoute } from './routing/use-route';
import { CurrentPage } from './screens/CurrentPage';

export function App() {
  const api = useApi();
  const route = useRoute();
  const info = useRemote(() => api.app.info({}));
  const siteName = info.remote.status === 'ready' ? info.remote.data.siteName : null;
  const href = routeHref(route);
  const staff = useStaff();

  // After in-app navigation, start screen readers and keyboard focus at the new page's content
  // (as a full page load would), not on the link that was just followed.
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [href]);

  return (
    <>
      <SkipLink />
      <AppHeader siteName={siteName} current={sectionOf(route)} staff={staff} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" ref={main} tabIndex={-1}>
          <LiveUpdatesWarning />
          <NoticesProvider>
            {/* Keyed by route so each page starts fresh: its own load, events and focus handling. */}
            <CurrentPage key={href} route={route} />
          </NoticesProvider>
        </main>
      </div>
    </>
  );
}

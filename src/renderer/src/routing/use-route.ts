import { useEffect, useState } from 'react';
import { parseRoute, type Route } from './route';

/** The current route, following `hashchange` (links are plain `<a href="#/…">`, so the browser drives history). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return route;
}

import { useDocumentTitle } from '../hooks/use-document-title';
import { routeHref } from '../routing/route';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p className="nhsuk-body">
        This page does not exist. <a href={routeHref({ name: 'clinics' })}>Go to the clinic list</a>.
      </p>
    </>
  );
}

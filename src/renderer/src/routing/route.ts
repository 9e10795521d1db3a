/**
 * Hash routes. The hash keeps routing out of the URL path, so the same build works from `file://`
 * in Electron and from `/` on the web host, and the `?token=` query before the hash survives
 * navigation and reloads.
 */
export type Route =
  | { name: 'clinics' }
  | { name: 'clinic'; clinicId: string }
  | { name: 'appointment'; appointmentId: string }
  | { name: 'messages'; clinicId?: string }
  | { name: 'message'; messageId: string }
  | { name: 'gateways' }
  | { name: 'audit' }
  | { name: 'staff' }
  | { name: 'dashboard' }
  | { name: 'clinic-import' }
  | { name: 'gateway-new' }
  | { name: 'gateway-edit'; gatewayId: string }
  | { name: 'not-found'; path: string };

function decode(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const queryStart = raw.indexOf('?');
  const pathPart = queryStart >= 0 ? raw.slice(0, queryStart) : raw;
  const queryPart = queryStart >= 0 ? raw.slice(queryStart + 1) : '';
  const segments = pathPart.split('/').filter((segment) => segment !== '');
  const query = new URLSearchParams(queryPart);
  const [first, second, third, ...rest] = segments;
  if (rest.length > 0) return { name: 'not-found', path: raw };
  // Only a gateway's edit form has a third segment: #/gateways/<id>/edit.
  if (first === 'gateways' && second !== undefined && third === 'edit') {
    const gatewayId = decode(second);
    return gatewayId ? { name: 'gateway-edit', gatewayId } : { name: 'not-found', path: raw };
  }
  if (third !== undefined) return { name: 'not-found', path: raw };

  if (first === undefined) return { name: 'clinics' };
  if (first === 'clinics') {
    if (second === undefined) return { name: 'clinics' };
    const clinicId = decode(second);
    return clinicId ? { name: 'clinic', clinicId } : { name: 'not-found', path: raw };
  }
  if (first === 'appointments') {
    const appointmentId = second === undefined ? null : decode(second);
    return appointmentId ? { name: 'appointment', appointmentId } : { name: 'not-found', path: raw };
  }
  if (first === 'messages') {
    if (second === undefined) {
      const clinicId = query.get('clinicId');
      return clinicId ? { name: 'messages', clinicId } : { name: 'messages' };
    }
    const messageId = decode(second);
    return messageId ? { name: 'message', messageId } : { name: 'not-found', path: raw };
  }
  if (first === 'gateways' && second === undefined) return { name: 'gateways' };
  if (first === 'audit' && second === undefined) return { name: 'audit' };
  if (first === 'staff' && second === undefined) return { name: 'staff' };
  if (first === 'dashboard' && second === undefined) return { name: 'dashboard' };
  if (first === 'import' && second === undefined) return { name: 'clinic-import' };
  if (first === 'gateways' && second === 'new') return { name: 'gateway-new' };
  return { name: 'not-found', path: raw };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'clinics':
      return '#/clinics';
    case 'clinic':
      return `#/clinics/${encodeURIComponent(route.clinicId)}`;
    case 'appointment':
      return `#/appointments/${encodeURIComponent(route.appointmentId)}`;
    case 'messages':
      return route.clinicId
        ? `#/messages?${new URLSearchParams({ clinicId: route.clinicId }).toString()}`
        : '#/messages';
    case 'message':
      return `#/messages/${encodeURIComponent(route.messageId)}`;
    case 'gateways':
      return '#/gateways';
    case 'audit':
      return '#/audit';
    case 'staff':
      return '#/staff';
    case 'dashboard':
      return '#/dashboard';
    case 'clinic-import':
      return '#/import';
    case 'gateway-new':
      return '#/gateways/new';
    case 'gateway-edit':
      return `#/gateways/${encodeURIComponent(route.gatewayId)}/edit`;
    case 'not-found':
      return `#${route.path}`;
  }
}

export type Section = 'clinics' | 'dashboard' | 'messages' | 'gateways' | 'audit';

/** Which header navigation item a route belongs to. */
export function sectionOf(route: Route): Section | null {
  // An appointment is reached from its clinic day, so it sits under Clinics.
  if (route.name === 'clinics' || route.name === 'clinic' || route.name === 'appointment') return 'clinics';
  if (route.name === 'clinic-import') return 'clinics';
  if (route.name === 'messages' || route.name === 'message') return 'messages';
  if (route.name === 'gateways' || route.name === 'gateway-new' || route.name === 'gateway-edit') {
    return 'gateways';
  }
  if (route.name === 'audit') return 'audit';
  if (route.name === 'dashboard') return 'dashboard';
  return null;
}

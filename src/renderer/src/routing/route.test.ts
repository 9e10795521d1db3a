import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, sectionOf, type Route } from './route';

describe('parseRoute', () => {
  it('defaults to the clinic list', () => {
    expect(parseRoute('')).toEqual({ name: 'clinics' });
    expect(parseRoute('#')).toEqual({ name: 'clinics' });
    expect(parseRoute('#/')).toEqual({ name: 'clinics' });
    expect(parseRoute('#/clinics')).toEqual({ name: 'clinics' });
    expect(parseRoute('#/clinics/')).toEqual({ name: 'clinics' });
  });

  it('reads ids, decoding them', () => {
    expect(parseRoute('#/clinics/abc%2F1')).toEqual({ name: 'clinic', clinicId: 'abc/1' });
    expect(parseRoute('#/messages/m-1')).toEqual({ name: 'message', messageId: 'm-1' });
    expect(parseRoute('#/appointments/c1-appt-1')).toEqual({
      name: 'appointment',
      appointmentId: 'c1-appt-1',
    });
  });

  it('reads the gateways screen', () => {
    expect(parseRoute('#/gateways')).toEqual({ name: 'gateways' });
    expect(parseRoute('#/gateways/')).toEqual({ name: 'gateways' });
  });

  it('reads the gateway forms', () => {
    expect(parseRoute('#/gateways/new')).toEqual({ name: 'gateway-new' });
    expect(parseRoute('#/gateways/g1/edit')).toEqual({ name: 'gateway-edit', gatewayId: 'g1' });
    expect(parseRoute('#/gateways/a%2Fb/edit')).toEqual({ name: 'gateway-edit', gatewayId: 'a/b' });
    // A gateway whose id is "new" is still editable.
    expect(parseRoute('#/gateways/new/edit')).toEqual({ name: 'gateway-edit', gatewayId: 'new' });
  });

  it('reads the clinic filter from the query inside the hash', () => {
    expect(parseRoute('#/messages?clinicId=c1')).toEqual({ name: 'messages', clinicId: 'c1' });
    expect(parseRoute('#/messages?clinicId=')).toEqual({ name: 'messages' });
    expect(parseRoute('#/messages')).toEqual({ name: 'messages' });
  });

  it('reports anything else as not found', () => {
    expect(parseRoute('#/gateways/g1')).toEqual({ name: 'not-found', path: '/gateways/g1' });
    expect(parseRoute('#/gateways/g1/delete')).toEqual({ name: 'not-found', path: '/gateways/g1/delete' });
    expect(parseRoute('#/gateways/g1/edit/x')).toEqual({ name: 'not-found', path: '/gateways/g1/edit/x' });
    expect(parseRoute('#/clinics/c1/edit')).toEqual({ name: 'not-found', path: '/clinics/c1/edit' });
    expect(parseRoute('#/audit/1')).toEqual({ name: 'not-found', path: '/audit/1' });
    expect(parseRoute('#/appointments')).toEqual({ name: 'not-found', path: '/appointments' });
    expect(parseRoute('#/clinics/a/b')).toEqual({ name: 'not-found', path: '/clinics/a/b' });
    expect(parseRoute('#/clinics/%E0%A4%A')).toEqual({ name: 'not-found', path: '/clinics/%E0%A4%A' });
  });
});

describe('routeHref', () => {
  it('round-trips through parseRoute', () => {
    const routes: Route[] = [
      { name: 'clinics' },
      { name: 'clinic', clinicId: 'a b/c' },
      { name: 'messages' },
      { name: 'messages', clinicId: 'c&1' },
      { name: 'message', messageId: 'm?1' },
      { name: 'appointment', appointmentId: 'a/1 b' },
      { name: 'gateways' },
      { name: 'gateway-new' },
      { name: 'gateway-edit', gatewayId: 'g 1/x' },
      { name: 'audit' },
      { name: 'staff' },
      { name: 'dashboard' },
      { name: 'clinic-import' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });
});

describe('sectionOf', () => {
  it('maps detail pages to their list', () => {
    expect(sectionOf({ name: 'clinic', clinicId: 'x' })).toBe('clinics');
    expect(sectionOf({ name: 'appointment', appointmentId: 'x' })).toBe('clinics');
    expect(sectionOf({ name: 'message', messageId: 'x' })).toBe('messages');
    expect(sectionOf({ name: 'gateways' })).toBe('gateways');
    expect(sectionOf({ name: 'audit' })).toBe('audit');
    expect(sectionOf({ name: 'clinic-import' })).toBe('clinics');
    expect(sectionOf({ name: 'gateway-new' })).toBe('gateways');
    expect(sectionOf({ name: 'gateway-edit', gatewayId: 'g1' })).toBe('gateways');
    expect(sectionOf({ name: 'not-found', path: '/x' })).toBeNull();
  });
});

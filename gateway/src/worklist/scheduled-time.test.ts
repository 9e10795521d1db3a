import { describe, expect, it } from 'vitest';
import { ianaTimeZoneSchema, utcToZone } from './scheduled-time';

describe('utcToZone', () => {
  it('leaves winter times in London as they are (GMT is UTC)', () => {
    expect(utcToZone({ date: '20261215', time: '093000' }, 'Europe/London')).toEqual({
      date: '20261215',
      time: '093000',
    });
  });

  it('adds the summer hour, rolling the date over after 23:00 UTC', () => {
    expect(utcToZone({ date: '20260614', time: '091500' }, 'Europe/London')).toEqual({
      date: '20260614',
      time: '101500',
    });
    expect(utcToZone({ date: '20260614', time: '233000' }, 'Europe/London')).toEqual({
      date: '20260615',
      time: '003000',
    });
    // The last day of a month rolls into the next month, the last of the year into the next year.
    expect(utcToZone({ date: '20260630', time: '230000' }, 'Europe/London')?.date).toBe('20260701');
    expect(utcToZone({ date: '20261231', time: '230000' }, 'Pacific/Auckland')?.date).toBe('20270101');
  });

  it('follows the change days: 01:00 UTC on 29 March 2026 is 02:00 BST, on 25 October 01:00 GMT', () => {
    expect(utcToZone({ date: '20260329', time: '005959' }, 'Europe/London')?.time).toBe('005959');
    expect(utcToZone({ date: '20260329', time: '010000' }, 'Europe/London')?.time).toBe('020000');
    expect(utcToZone({ date: '20261025', time: '005959' }, 'Europe/London')?.time).toBe('015959');
    expect(utcToZone({ date: '20261025', time: '010000' }, 'Europe/London')?.time).toBe('010000');
  });

  it('refuses a date that is not on the calendar instead of rolling it over', () => {
    expect(utcToZone({ date: '20260231', time: '090000' }, 'Europe/London')).toBeUndefined();
    expect(utcToZone({ date: '20270229', time: '090000' }, 'Europe/London')).toBeUndefined();
    expect(utcToZone({ date: '20280229', time: '090000' }, 'UTC')).toEqual({
      date: '20280229',
      time: '090000',
    });
  });
});

describe('ianaTimeZoneSchema', () => {
  it('takes IANA names and refuses offsets, abbreviations and made-up names with the rule', () => {
    for (const zone of ['Europe/London', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+1'])
      expect([zone, ianaTimeZoneSchema.safeParse(zone).success]).toEqual([zone, true]);
    for (const zone of ['Europe/Londn', '+01:00', 'BST', '', 'Europe/London '])
      expect(ianaTimeZoneSchema.safeParse(zone).error?.issues[0]?.message).toBe(
        'an IANA time zone name such as Europe/London (not an offset or abbreviation)',
      );
  });
});

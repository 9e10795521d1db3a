import { describe, expect, it } from 'vitest';
import { readClinicListCsv } from './csv-clinic-list';
import { checkRow, normaliseDate, type RawRow } from './import-row';

const HEADER =
  'clinic_date,clinic_name,location,appointment_time,nhs_number,family_name,given_name,date_of_birth,sex';
const good: RawRow = {
  where: 'Row 2',
  clinicDate: '01/03/2027',
  clinicName: ' Morning clinic ',
  location: 'Unit 2',
  time: '9:05',
  durationMinutes: '',
  nhsNumber: '999 004 0001',
  familyName: 'Hartley',
  givenName: 'Gwen',
  dateOfBirth: '1962-05-14',
  sex: 'F',
};

describe('checking a row', () => {
  it('normalises dates, times, NHS numbers, names and sex codes, with a 15-minute slot by default', () => {
    expect(checkRow(good, '2026-12-04')).toEqual({
      row: {
        where: 'Row 2',
        clinicDate: '2027-03-01',
        clinicName: 'Morning clinic',
        location: 'Unit 2',
        time: '09:05',
        durationMinutes: 15,
        nhsNumber: '9990040001',
        familyName: 'Hartley',
        givenName: 'Gwen',
        dateOfBirth: '1962-05-14',
        sex: 'female',
      },
    });
  });

  it('says what is wrong with every field of a row, in words, with the row', () => {
    const result = checkRow(
      {
        ...good,
        clinicDate: '31/02/2027',
        time: '25:00',
        nhsNumber: '943 476 5918',
        familyName: '=HYPERLINK("http://x")',
        givenName: '',
        dateOfBirth: '2030-01-01',
        sex: 'woman',
        durationMinutes: '0',
      },
      '2026-12-04',
    );
    expect(result).toEqual({
      problems: [
        'Row 2: clinic date "31/02/2027" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY',
        'Row 2: appointment time "25:00" is not a 24-hour time such as 09:15',
        'Row 2: slot length "0" is not a whole number of minutes from 5 to 240',
        'Row 2: NHS number 943 476 5918 fails its check digit',
        'Row 2: family name "=HYPERLINK("http://x")" looks like a spreadsheet formula; remove the = at its start',
        'Row 2: given name is missing',
        'Row 2: sex "woman" is not one of female, male, other or unknown',
        'Row 2: date of birth 2030-01-01 is not a plausible date of birth',
      ],
    });
  });

  it('refuses +, - and @ formula starts and control characters, and NHS numbers that are not 10 digits', () => {
    for (const [field, value, problem] of [
      [
        'location',
        '+44 Unit',
        'location "+44 Unit" looks like a spreadsheet formula; remove the + at its start',
      ],
      [
        'givenName',
        '@SUM(A1)',
        'given name "@SUM(A1)" looks like a spreadsheet formula; remove the @ at its start',
      ],
      ['clinicName', '-1', 'clinic name "-1" looks like a spreadsheet formula; remove the - at its start'],
      ['familyName', 'Jo\u202eevil', 'family name contains a control character'],
      ['nhsNumber', '12345', 'NHS number "12345" is not 10 digits'],
      [
        'clinicDate',
        'next Tuesday',
        'clinic date "next Tuesday" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY',
      ],
    ] as const) {
      expect(checkRow({ ...good, [field]: value }, '2026-12-04')).toEqual({
        problems: [`Row 2: ${problem}`],
      });
    }
  });

  it('reads only real calendar dates', () => {
    expect(normaliseDate('29/02/2028')).toBe('2028-02-29');
    expect(normaliseDate('29/02/2027')).toBeNull();
    expect(normaliseDate('2027-13-01')).toBeNull();
    expect(normaliseDate('1/3/2027')).toBe('2027-03-01');
  });
});

describe('reading the CSV clinic list', () => {
  it('takes the columns in any order by their header names, ignoring extra columns', () => {
    const header = HEADER.replace('clinic_date', 'Clinic Date').replace('nhs_number', 'NHS-number');
    const text = `Notes,${header.split(',').reverse().join(',')}\nvip,F,1962-05-14,Gwen,Hartley,999-004-0001,09:00,Unit 2,Clinic,2027-03-01\n`;
    expect(readClinicListCsv(text)).toEqual({
      fileErrors: [],
      rows: [
        {
          where: 'Row 2',
          clinicDate: '2027-03-01',
          clinicName: 'Clinic',
          location: 'Unit 2',
          time: '09:00',
          durationMinutes: '',
          nhsNumber: '999-004-0001',
          familyName: 'Hartley',
          givenName: 'Gwen',
          dateOfBirth: '1962-05-14',
          sex: 'F',
        },
      ],
    });
    expect(checkRow(readClinicListCsv(text).rows[0]!, '2026-12-04')).toMatchObject({
      row: { nhsNumber: '9990040001' },
    });
  });

  it('names missing columns, an empty file, a broken quote and a row with too many values', () => {
    expect(readClinicListCsv('clinic_date,location\n').fileErrors).toEqual([
      'Row 1: the header has no clinic_name, appointment_time, nhs_number, family_name, given_name, date_of_birth, sex columns. The first row must name the columns: clinic_date, clinic_name, location, appointment_time, slot_minutes, nhs_number, family_name, given_name, date_of_birth, sex.',
    ]);
    expect(readClinicListCsv('\uFEFF').fileErrors).toEqual(['The file is empty.']);
    expect(readClinicListCsv(`${HEADER}\n"2027-03-01,x`).fileErrors).toEqual([
      'Row 2: a quoted value is not closed (a " is missing).',
    ]);
    const tooMany = readClinicListCsv(`${HEADER}\r\n1,2,3,4,5,6,7,8,9,10\r\n`);
    expect(tooMany).toEqual({
      rows: [],
      fileErrors: ['Row 2: has 10 values but the header names 9 columns.'],
    });
  });
});

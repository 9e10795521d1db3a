import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { clinicListCsv } from '../test-support/clinic-list-csv';
import { expectNoViolations } from './fixtures/axe';

const SAMPLE_CSV = 'docs/samples/clinic-list.csv';
const SAMPLE_FHIR = 'docs/samples/clinic-list.fhir.json';
const HEADER =
  'clinic_date,clinic_name,location,appointment_time,nhs_number,family_name,given_name,date_of_birth,sex';

async function openImport(page: Page) {
  await page.getByRole('link', { name: 'Import a clinic list from a file' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import a clinic list' })).toBeVisible();
}

async function checkFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('Clinic list file').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('heading', { name: 'What the import would do' })).toBeVisible();
}

/** A summary list row's value by its label. */
const count = (page: Page, label: string) =>
  page.locator('.nhsuk-summary-list__row', { has: page.getByText(label, { exact: true }) }).locator('dd');

test('a CSV clinic list: checked first, imported, then importing it again changes nothing', async ({
  appPage: page,
}) => {
  await openImport(page);
  await expectNoViolations(page, 'Import a clinic list');

  await checkFile(page, SAMPLE_CSV);
  await expect(count(page, 'New appointments')).toHaveText('6');
  await expect(count(page, 'Rows with problems, not imported')).toHaveText('0');
  await expect(
    page.getByText(/Mon 1 Mar 2027, Breast screening morning clinic, Riverside Mobile Unit 2/),
  ).toBeVisible();
  const row = page.getByRole('row', { name: /Siobhán Fitzgerald-Byrne/ });
  await expect(row).toContainText('999 004 0052');
  await expect(row).toContainText('New');
  await expectNoViolations(page, 'Import preview');

  await page.getByRole('button', { name: 'Import clinic list' }).click();
  await expect(page.getByRole('heading', { name: 'Clinic list imported' })).toBeVisible();
  await expect(count(page, 'New appointments')).toHaveText('6');
  await expectNoViolations(page, 'Import done');

  await page.getByRole('link', { name: 'Go to the clinics' }).click();
  const clinic = page.getByRole('row', { name: /Riverside Mobile Unit 2/ });
  await expect(clinic).toContainText('Mon 1 Mar 2027');
  await expect(clinic.getByRole('cell').last()).toHaveText('6');

  await openImport(page);
  await checkFile(page, SAMPLE_CSV);
  await expect(count(page, 'New appointments')).toHaveText('0');
  await expect(count(page, 'Already booked, no change')).toHaveText('6');
  await expect(
    page.getByText('Nothing to import: every appointment in this file is already booked'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import clinic list' })).toHaveCount(0);
  await expectNoViolations(page, 'Import preview of a file already imported');

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('row', { name: /Clinic list imported from a file/ })).toHaveCount(1);
});

test('a CSV with invalid rows: each problem named with its row, the good rows imported', async ({
  appPage: page,
}) => {
  const clinic = '2027-03-08,Evening clinic,"Unit 3, Market Square"';
  const csv = [
    HEADER,
    `${clinic},17:00,9990040079,Lindqvist,Ingrid,1963-04-11,female`,
    `${clinic},17:15,943 476 5918,Hughes,Ann,1961-02-03,female`,
    `31/02/2027,Evening clinic,"Unit 3, Market Square",17:30,9990040087,Adeyemi,Folake,1966-09-23,female`,
    `${clinic},17:00,9990040095,Murray,Eileen,1958-06-05,female`,
    `${clinic},17:45,9990040109,=HYPERLINK("http://x"),Rose,1960-01-01,female`,
  ].join('\r\n');
  await openImport(page);

  // Over the size limit: refused before it is read, with the error summary pointing at the field.
  await page.getByLabel('Clinic list file').setInputFiles({
    name: 'huge.csv',
    mimeType: 'text/csv',
    buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('The file is larger than 10 MB. Split the list into smaller files');
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Clinic list file')).toBeFocused();
  await expectNoViolations(page, 'Import with a file too large');

  await checkFile(page, { name: 'evening.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(count(page, 'Appointments in the file')).toHaveText('5');
  await expect(count(page, 'New appointments')).toHaveText('1');
  await expect(count(page, 'Rows with problems, not imported')).toHaveText('4');
  const problems = page.getByRole('table', { name: 'Problems found in the file' });
  await expect(problems.getByRole('row', { name: /Row 3/ })).toContainText(
    'NHS number 943 476 5918 fails its check digit',
  );
  await expect(problems.getByRole('row', { name: /Row 4/ })).toContainText(
    'clinic date "31/02/2027" is not a date',
  );
  await expect(problems.getByRole('row', { name: /Row 5/ })).toContainText(
    'duplicate appointment: 17:00 in Evening clinic on 2027-03-08 is also booked at Row 2',
  );
  await expect(problems.getByRole('row', { name: /Row 6/ })).toContainText(
    'looks like a spreadsheet formula',
  );
  await expectNoViolations(page, 'Import preview with problems');

  await page.getByRole('button', { name: 'Import clinic list' }).click();
  await expect(page.getByRole('heading', { name: 'Clinic list imported' })).toBeVisible();
  await expect(count(page, 'New appointments')).toHaveText('1');
  await expect(count(page, 'Rows with problems, not imported')).toHaveText('4');
});

test('a FHIR R4 bundle of Appointments and Patients, imported and then recognised on re-import', async ({
  appPage: page,
}) => {
  await openImport(page);
  await checkFile(page, SAMPLE_FHIR);
  await expect(count(page, 'File')).toHaveText('clinic-list.fhir.json (FHIR bundle)');
  await expect(count(page, 'New appointments')).toHaveText('3');
  await expect(page.getByRole('row', { name: /Folake Grace Adeyemi/ })).toContainText('13:45');
  await expectNoViolations(page, 'Import preview of a FHIR bundle');

  await page.getByRole('button', { name: 'Import clinic list' }).click();
  await expect(page.getByRole('heading', { name: 'Clinic list imported' })).toBeVisible();

  await page.getByRole('link', { name: 'import another file' }).click();
  await checkFile(page, SAMPLE_FHIR);
  await expect(count(page, 'Already booked, no change')).toHaveText('3');
  await expect(page.getByRole('row', { name: /Folake Grace Adeyemi/ })).toContainText('Already booked');
  await expectNoViolations(page, 'Import preview of a FHIR bundle already imported');
});

test('a 5,000-row list shows its progress while it is checked and imported', async ({ appPage: page }) => {
  await openImport(page);
  // Every text the progress region shows, however briefly.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      document
        .querySelectorAll('main [role="status"]')
        .forEach((region) => seen.push(region.textContent ?? ''));
    }).observe(document.querySelector('main')!, { subtree: true, childList: true, characterData: true });
  });
  const csv = Buffer.from(clinicListCsv(5000));
  await checkFile(page, { name: 'big.csv', mimeType: 'text/csv', buffer: csv });
  await expect(count(page, 'New appointments')).toHaveText('5,000');
  await page.getByRole('button', { name: 'Import clinic list' }).click();
  await expect(page.getByRole('heading', { name: 'Clinic list imported' })).toBeVisible();
  await expect(count(page, 'New appointments')).toHaveText('5,000');
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.some((text) => /Checking: [\d,]+ of 5,000 rows checked/.test(text))).toBe(true);
  expect(seen.some((text) => /Importing: [\d,]+ of 5,000 rows checked|Saving 5,000 rows/.test(text))).toBe(
    true,
  );
  await expectNoViolations(page, 'Import of a large file done');
});

import fs from 'node:fs';
import { callApi, expect, test } from './fixtures/app';
import { expectNoViolations } from './fixtures/axe';

test('the audit log: who did what, filtered by participant and action, paged, and downloaded as CSV', async ({
  appPage: page,
}) => {
  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  for (const name of ['Janet Thompson', "Margaret O'Brien"]) {
    await page.getByRole('button', { name: `Check in ${name}` }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Checked in');
  }
  await page.getByRole('button', { name: 'Send Janet Thompson to modality' }).click();
  await expect(page.getByRole('row', { name: /Janet Thompson/ })).toContainText('Sent to modality');

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Sent to modality');
  await expect(rows.nth(1)).toContainText('Janet Thompson');
  await expect(rows).toHaveCount(4);
  await expectNoViolations(page, 'Audit log');

  // A mistyped NHS number is named in the error summary, which links to the field.
  await page.getByLabel('NHS number').fill('999 012 3455');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('valid 10-digit NHS number');
  await summary.getByRole('link').click();
  await expect(page.getByLabel('NHS number')).toBeFocused();
  await expectNoViolations(page, 'Audit log with an error');

  await page.getByLabel('NHS number').fill('999 012 3454');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(summary).toBeHidden();
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole('table')).not.toContainText("Margaret O'Brien");

  await page.getByLabel('What happened').selectOption({ label: 'Checked in' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Checked in');

  let csv: string[];
  if (process.env.E2E_HOST === 'electron') {
    // The desktop app answers a download with a native save dialog a test cannot fill in: the file's
    // content comes through the same API call the button makes.
    const file = await callApi<{ csv: string }>(page, 'audit.exportCsv', {
      nhsNumber: '9990123454',
      action: 'appointment.checkIn',
    });
    csv = file.csv.trimEnd().split('\r\n');
  } else {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    await expect(page.getByRole('status').filter({ hasText: 'Downloaded 1 entry' })).toBeAttached();
  }
  expect(csv[0]).toBe('Time (UTC),Who,What,Participant,NHS number,Record,Record id,Code');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain('Checked in,Janet Thompson,999 012 3454,appointment');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('button', { name: 'Older entries' })).toBeHidden();
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures/app';

test('staff say who is using the workstation; the header, the timeline and the audit log name them', async ({
  appPage: page,
}) => {
  const header = page.getByTestId('staff');
  await header.getByRole('link', { name: 'Say who is using this workstation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who is using this workstation?' })).toBeVisible();

  // Nothing chosen: both fields are named in the error summary.
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Enter your name');
  await expect(summary).toContainText('Choose your role');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);

  await page.getByLabel('Your name').fill('Siân Davies');
  await page.getByLabel('Mammographer').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clinics' })).toBeVisible();
  await expect(header).toContainText('Siân Davies (Mammographer)');

  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Check in Janet Thompson' }).click();
  await expect(page.getByRole('row', { name: /Janet Thompson/ })).toContainText('Checked in');
  await page.getByRole('link', { name: 'Janet Thompson' }).click();
  await expect(page.getByText('By Siân Davies (Mammographer)')).toBeVisible();

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Who did it').fill('siân');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('Checked in');
  await expect(rows.nth(2)).toContainText('Said who is using the workstation');
});

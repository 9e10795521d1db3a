import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures/app';

test('the message log: search by NHS number or accession number, filter by type, dates checked', async ({
  appPage: page,
}) => {
  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  for (const name of ['Janet Thompson', "Margaret O'Brien"]) {
    await page.getByRole('button', { name: `Check in ${name}` }).click();
    await page.getByRole('button', { name: `Send ${name} to modality` }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Sent to modality');
  }

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Messages' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(7);

  await page.getByLabel('NHS number or accession number').fill('999 012 3454');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('table')).not.toContainText("Margaret O'Brien");

  await page.getByLabel('Sent to').selectOption({ label: 'Mammography worklist' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(2);
  // The worklist message's page names its accession number; searching by it finds that participant.
  await rows.nth(1).getByRole('link').first().click();
  const accession = (await page
    .getByText(/^ACC\d{8}[0-9A-F]{4}$/)
    .first()
    .textContent())!;
  await page.goBack();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('NHS number or accession number').fill(accession.toLowerCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('table')).toContainText('Janet Thompson');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Created from').fill('2030-01-02');
  await page.getByLabel('Created to').fill('2030-01-01');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'The end date must be the same as or after the start date',
  );

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
});

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';

async function expectNoSeriousViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    `${screen} has serious or critical accessibility violations`,
  ).toEqual([]);
}

test('every screen passes an axe-core scan with no serious or critical violations', async ({
  appPage: page,
}) => {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, 'Clinic list');

  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  await expect(page.getByRole('table')).toBeVisible();
  await page.getByRole('button', { name: 'Check in Janet Thompson' }).click();
  await page.getByRole('button', { name: 'Send Janet Thompson to modality' }).click();
  await expect(page.getByRole('row', { name: /Janet Thompson/ })).toContainText('Sent to modality');
  await expectNoSeriousViolations(page, 'Clinic day');

  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByRole('row', { name: /Mammography worklist/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'Messages');

  await page
    .getByRole('row', { name: /Mammography worklist/ })
    .getByRole('link')
    .first()
    .click();
  await expect(page.getByLabel('Payload')).toBeVisible();
  await expectNoSeriousViolations(page, 'Message detail');
});

test('the clinic day can be worked with the keyboard alone', async ({ appPage: page }) => {
  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .focus();
  await page.keyboard.press('Enter');
  const checkIn = page.getByRole('button', { name: 'Check in Janet Thompson' });
  await expect(checkIn).toBeVisible();
  // Tab from the top of the page until the first check-in button has focus.
  for (let i = 0; i < 40 && !(await checkIn.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(checkIn).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('row', { name: /Janet Thompson/ })).toContainText('Checked in');
});

test('the Gateways screen passes axe-core, and Test connection proves the path with traffic', async ({
  appPage: page,
  startGateway,
}) => {
  await startGateway();
  await page.getByRole('link', { name: 'Gateways', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gateways');
  await expectNoSeriousViolations(page, 'Gateways');

  await page.getByRole('button', { name: 'Test connection to Alpha Hospital Trust gateway' }).click();
  const result = page.getByRole('region', { name: /Connection test result/ });
  await expect(result).toContainText(/Echo\s*Passed in/);
  await expect(result).toContainText(/Health\s*Passed in/);
  await expectNoSeriousViolations(page, 'Gateways with a test result');
});

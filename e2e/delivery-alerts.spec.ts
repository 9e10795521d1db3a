import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures/app';
import { docsScreenshot } from './fixtures/docs-screenshot';

// The first demo participant, booked at 09:00 in today's clinic.
const NAME = 'Janet Thompson';

// Two seconds instead of thirty, so the spec does not wait half a minute for the alert.
test.use({ appEnv: { MODALITY_LINK_DELIVERY_ALERT_SECONDS: '2' } });

test('a participant not on the worklist is named on the clinic day and the appointment, and cleared by itself once confirmed', async ({
  appPage: page,
  startGateway,
}) => {
  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  const row = page.getByRole('row', { name: new RegExp(NAME) });
  await page.getByRole('button', { name: `Check in ${NAME}` }).click();
  await page.getByRole('button', { name: `Send ${NAME} to modality` }).click();
  await expect(row).toContainText('Sent to modality');

  // Nobody listens on the relay: after the alert time the row and a banner say so, with the reason.
  const banner = page.getByRole('region', { name: /not on the worklist yet/ });
  await expect(banner).toContainText('1 participant is not on the worklist yet');
  await expect(banner.getByRole('link', { name: NAME })).toBeVisible();
  await expect(row).toContainText('Not on the worklist yet');
  await expect(row).toContainText('Gateway offline. Still trying');
  // The same participant's FHIR and HL7 v2 messages, worded for staff rather than by route.
  await expect(row).toContainText("Not sent to the hospital's records system yet");
  await expect(banner).toContainText(
    "Also, 1 participant has not been sent to the hospital's records system yet.",
  );
  const violations = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag22aa']).analyze();
  expect(violations.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
  await docsScreenshot(page, 'not-on-worklist');

  await banner.getByRole('link', { name: NAME }).click();
  const callout = page.getByRole('region', { name: 'Not on the worklist yet' });
  await expect(callout).toContainText('Still trying');
  await expect(callout).toContainText('Where it failed: Gateway offline');

  // The gateway comes up: the worklist entry is confirmed and the warning goes without a reload.
  await startGateway();
  await expect(callout).toBeHidden({ timeout: 45_000 });
  await page.getByRole('link', { name: /Back to/ }).click();
  await expect(page.getByRole('row', { name: new RegExp(NAME) })).not.toContainText(
    'Not on the worklist yet',
  );
  await expect(page.getByRole('row', { name: new RegExp(NAME) })).not.toContainText(
    "Not sent to the hospital's records system yet",
  );
  await expect(page.getByRole('region', { name: /not on the worklist yet/ })).toHaveCount(0);
});

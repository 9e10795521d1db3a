import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { callApi, expect, test } from './fixtures/app';
import { docsScreenshot } from './fixtures/docs-screenshot';

const appointmentOf = async (page: Page, name: string) => {
  const [clinic] = await callApi<Array<{ id: string }>>(page, 'clinics.list');
  const day = await callApi<{
    appointments: Array<{ id: string; participant: { givenName: string; familyName: string } }>;
  }>(page, 'clinics.get', { clinicId: clinic!.id });
  return day.appointments.find((a) => `${a.participant.givenName} ${a.participant.familyName}` === name)!.id;
};

test('the dashboard follows the day live: confirmation times, states, gateways, and who is not on the worklist', async ({
  appPage: page,
  startGateway,
}) => {
  const gateway = await startGateway();
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('No message has been confirmed today yet.').first()).toBeVisible();
  await expect(page.getByTestId('at-risk')).toContainText(
    'Everyone sent to the modality today is on the worklist',
  );

  // Another screen sends a participant; this one updates without a reload.
  const janet = await appointmentOf(page, 'Janet Thompson');
  await callApi(page, 'appointments.checkIn', { appointmentId: janet });
  await callApi(page, 'appointments.sendToModality', { appointmentId: janet });
  await expect(page.getByTestId('latency-chart')).toHaveAttribute('aria-label', /for 3 messages today/);
  await expect(page.getByTestId('by-status').getByRole('row', { name: /Confirmed/ })).toContainText('3');
  await expect(page.getByTestId('gateway-health')).toContainText('Connected');
  await page.getByText('Show these times as a table').click();
  await expect(
    page.getByRole('table', { name: 'Click to confirmed, by message' }).getByRole('row'),
  ).toHaveCount(4);

  // With the gateway gone, the next participant is named as not on the worklist yet.
  await gateway.close();
  const margaret = await appointmentOf(page, "Margaret O'Brien");
  await callApi(page, 'appointments.checkIn', { appointmentId: margaret });
  await callApi(page, 'appointments.sendToModality', { appointmentId: margaret });
  await expect(page.getByTestId('at-risk')).toContainText('1 participant not on the worklist yet');
  await expect(page.getByTestId('at-risk').getByRole('link', { name: "Margaret O'Brien" })).toBeVisible();
  await page.evaluate('document.activeElement?.blur()'); // no focus ring in the README's picture
  await docsScreenshot(page, 'dashboard');

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
});

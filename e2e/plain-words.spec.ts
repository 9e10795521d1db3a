import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';

// Codes that mean something to IT and the gateway, never to clinic staff: message type codes, the
// gateway's destination names and the app's state names. They may appear only inside technical
// details (a <details> element or code), one click away.
const CODES =
  /\b(WORKLIST|HL7v2|mwl|trust-fhir|tie-hl7|worklist\.create_item|message\.deliver|retry_wait|sent_to_modality|checked_in|did_not_attend|in_progress)\b/;

async function staffText(page: Page): Promise<string> {
  return page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('details, code, pre, .app-code, .app-code-block').forEach((el) => el.remove());
    return copy.innerText;
  });
}

test('staff screens speak plain words: no route codes, destination names or state names', async ({
  appPage: page,
  startGateway,
}) => {
  await startGateway();
  const screens: Array<[string, () => Promise<void>]> = [
    ['Clinic list', async () => {}],
    [
      'Clinic day',
      async () => {
        await page
          .getByRole('link', { name: /Breast screening morning clinic/ })
          .first()
          .click();
        await page.getByRole('button', { name: 'Check in Janet Thompson' }).click();
        await page.getByRole('button', { name: 'Send Janet Thompson to modality' }).click();
        await expect(page.getByRole('row', { name: /Janet Thompson/ })).toContainText('Confirmed');
      },
    ],
    [
      'Appointment',
      async () => {
        await page.getByRole('link', { name: 'Janet Thompson' }).click();
        await expect(page.getByText('Gateway confirmed: on the worklist')).toBeVisible();
      },
    ],
    [
      'Messages',
      async () => {
        await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Messages' }).click();
        await expect(page.getByRole('row', { name: /Mammography worklist/ })).toBeVisible();
      },
    ],
    [
      'Audit log',
      async () => {
        await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
        await expect(page.getByRole('row', { name: /Sent to modality/ })).toBeVisible();
      },
    ],
  ];
  for (const [screen, reach] of screens) {
    await reach();
    const text = await staffText(page);
    expect(text.match(CODES)?.[0], `${screen} shows an internal code`).toBeUndefined();
  }
});

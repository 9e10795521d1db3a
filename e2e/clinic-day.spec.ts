import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures/app';
import { docsScreenshot } from './fixtures/docs-screenshot';

// The first demo participant, booked at 09:00 in today's clinic.
const NAME = 'Janet Thompson';
const CLINIC_LINK = /Breast screening morning clinic/;

test.describe('clinic day', () => {
  test('with no gateway listening: check in, send, see the messages wait with the reason, and find it all after a restart', async ({
    appPage,
    restartApp,
  }) => {
    let page = appPage;
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Clinics');
    await page.getByRole('link', { name: CLINIC_LINK }).first().click();

    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await expect(row).toContainText('09:00');
    await expect(row).toContainText('999 012 3454');
    await expect(row).toContainText('Scheduled');

    await page.getByRole('button', { name: `Check in ${NAME}` }).click();
    await expect(row).toContainText('Checked in');

    await page.getByRole('button', { name: `Send ${NAME} to modality` }).click();
    await expect(row).toContainText('Sent to modality');
    // Nobody listens on the relay: the first message waits to retry, the others queue behind it.
    await expect(row).toContainText('Waiting to retry');
    await expect(page.getByRole('button', { name: `Resend ${NAME} to modality` })).toBeVisible();

    await page.getByRole('link', { name: 'Messages', exact: true }).click();
    const worklistRow = page.getByRole('row', { name: /Mammography worklist/ });
    await expect(worklistRow).toContainText(NAME);
    await expect(worklistRow).toContainText('Waiting to retry');
    await expect(worklistRow).toContainText('Gateway offline');
    await expect(page.getByRole('row', { name: /FHIR/ })).toContainText('Queued');
    await worklistRow.getByRole('link').first().click();
    const payload = page.getByLabel('Payload');
    await expect(payload).toContainText('"accession_number": "ACC');
    await expect(payload).toContainText('"nhs_number": "9990123454"');

    page = await restartApp();
    await page.getByRole('link', { name: CLINIC_LINK }).first().click();
    const rowAfter = page.getByRole('row', { name: new RegExp(NAME) });
    await expect(rowAfter).toContainText('Sent to modality');
    await expect(rowAfter).toContainText('Waiting to retry');
  });

  test('with the gateway listening: the message is confirmed on the same screen, without a reload', async ({
    appPage: page,
    startGateway,
  }) => {
    const gateway = await startGateway();
    await page.getByRole('link', { name: CLINIC_LINK }).first().click();
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await page.getByRole('button', { name: `Check in ${NAME}` }).click();
    await page.getByRole('button', { name: `Send ${NAME} to modality` }).click();
    await expect(row).toContainText('Sent to modality');
    await expect(row).toContainText('Confirmed');
    await docsScreenshot(page, 'clinic-day');
    expect(gateway.unique.size).toBe(3);

    await page.getByRole('link', { name: 'Messages', exact: true }).click();
    for (const type of ['Mammography worklist', 'Hospital records', 'Radiology system'])
      await expect(page.getByRole('row', { name: new RegExp(type) })).toContainText('Confirmed');
  });

  test('an action made stale behind the screen is refused with a clear error', async ({
    appPage: page,
    dataDir,
  }) => {
    await page.getByRole('link', { name: CLINIC_LINK }).first().click();
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await expect(row).toContainText('Scheduled');

    // The record changes without this screen being told (as when a change event is lost): written
    // straight into the app's database, so the same test runs in the web host and in Electron.
    const db = new Database(path.join(dataDir, 'modality-link.db'));
    try {
      const changed = db
        .prepare(
          `UPDATE appointments SET state = 'did_not_attend', updated_at = @now
           WHERE id = (SELECT a.id FROM appointments a JOIN participants p ON p.id = a.participant_id
                       WHERE p.given_name || ' ' || p.family_name = @name ORDER BY a.rowid LIMIT 1)`,
        )
        .run({ now: new Date().toISOString(), name: NAME }).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }

    await page.getByRole('button', { name: `Mark ${NAME} as did not attend` }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('Cannot mark as did not attend');
    await expect(summary).toContainText('the appointment is marked as did not attend');
    // The refusal brings the screen up to date, so the next decision is made on current facts.
    await expect(row).toContainText('Did not attend');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { expectNoViolations } from './fixtures/axe';
import { docsScreenshot } from './fixtures/docs-screenshot';

// The pre-clinic rehearsal (ADR 0025) in a real browser: the real gateway CLI on the test's relay and
// the modality simulator polling its worklist, or no gateway at all.
const GATEWAY = 'Alpha Hospital Trust gateway';

async function rehearseOnGatewaysScreen(page: Page) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Gateways' }).click();
  await page.getByRole('button', { name: `Rehearse with ${GATEWAY}` }).click();
  return page.getByRole('region', { name: `Rehearsal result for ${GATEWAY}` });
}

/** A clinic on a coming working day: its first appointment is still ahead, so it offers a rehearsal. */
async function openComingClinic(page: Page) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Clinics' }).click();
  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .nth(1)
    .click();
  await expect(page.getByRole('table', { name: /^Appointments/ })).toBeVisible();
}

test('a passing rehearsal: every step with its time, kept, and offered on a coming clinic day', async ({
  appPage: page,
  startGatewayProcess,
}) => {
  test.setTimeout(120_000);
  const setup = await startGatewayProcess();
  let modality: ChildProcess | undefined;
  try {
    // The mammography machine, polling the worklist every second as a real one does every few.
    modality = spawn(
      process.execPath,
      [
        ...['--conditions=source', '--import', 'tsx', 'gateway/src/modality-sim/cli.ts'],
        ...['--poll-seconds', '1', '--ae', 'ALPHA_MG1', '--mwl-port', String(setup.worklistPort)],
        ...['--mwl-ae', setup.aeTitle, '--store-port', String(setup.storagePort)],
        ...['--store-ae', setup.storageAeTitle],
      ],
      { stdio: 'ignore' },
    );

    const result = await rehearseOnGatewaysScreen(page);
    await expect(result).toContainText(/Rehearsed \d\d:\d\d, all phases passed/, { timeout: 90_000 });
    for (const step of [
      'Reach the gateway through the relay',
      'Put a test participant on the worklist',
      'Worklist query finds the test participant',
      'Modality starts the test procedure',
      'An image comes back',
      'Modality finishes the test procedure',
      'Remove the test participant',
    ]) {
      const row = result.getByRole('row', { name: new RegExp(step) });
      await expect(row).toContainText('Passed');
      await expect(row.getByRole('cell').last()).toHaveText(/\d ms$/);
    }
    await expectNoViolations(page, 'Gateways with a rehearsal result');
    await docsScreenshot(page, 'rehearsal');

    // The test participant is in no staff list.
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Messages' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(/TEST\^PATIENT|Test Patient|999 999 9999/i)).toHaveCount(0);

    await openComingClinic(page);
    await expect(page.getByText(/TEST\^PATIENT|Test Patient|999 999 9999/i)).toHaveCount(0);
    const kept = page.getByRole('region', { name: `Rehearsal result for ${GATEWAY}` });
    await expect(kept).toContainText(/Rehearsed \d\d:\d\d, all phases passed/);
    await expectNoViolations(page, 'Clinic day before its first appointment');
  } finally {
    modality?.kill('SIGTERM');
  }
});

test('a failing rehearsal names the failing step and what to do; the clinic day shows it too', async ({
  appPage: page,
}) => {
  // No gateway is running: the relay has no listener for it.
  const result = await rehearseOnGatewaysScreen(page);
  await expect(result).toContainText('failed at “Reach the gateway through the relay”', { timeout: 60_000 });
  const failing = result.getByRole('row', { name: /Reach the gateway through the relay/ });
  await expect(failing).toContainText('Failed');
  await expect(failing).toContainText(
    'What to do: Check the gateway computer is switched on and its Modality Link service is running',
  );
  await expect(result.getByRole('row', { name: /Worklist query finds the test participant/ })).toContainText(
    'Not done',
  );
  await expectNoViolations(page, 'Gateways with a failed rehearsal');

  await openComingClinic(page);
  await expect(page.getByRole('region', { name: `Rehearsal result for ${GATEWAY}` })).toContainText(
    'failed at “Reach the gateway through the relay”',
  );
  await expectNoViolations(page, 'Clinic day with a failed rehearsal');

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText('Pre-clinic rehearsal run');
});

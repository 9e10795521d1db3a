import { spawn } from 'node:child_process';
import { expect, test } from './fixtures/app';
import { docsScreenshot } from './fixtures/docs-screenshot';

// The loop closed in a real browser: the real gateway (its CLI) on the test's relay, the modality
// simulator as the mammography machine, and the clinic screen following along without a reload.
test('send to modality → the modality works → in progress, thumbnails, complete, live', async ({
  appPage: page,
  startGatewayProcess,
}) => {
  test.setTimeout(120_000);
  const setup = await startGatewayProcess();

  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  const row = page.getByRole('row', { name: /Janet Thompson/ });
  await page.getByRole('button', { name: 'Check in Janet Thompson' }).click();
  await page.getByRole('button', { name: 'Send Janet Thompson to modality' }).click();
  await expect(row).toContainText('Confirmed');

  // The mammography machine, as its own process: C-FIND, MPPS IN PROGRESS, four images, COMPLETED,
  // with pauses between steps so the screen can be seen moving through them.
  const modality = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      'gateway/src/modality-sim/cli.ts',
      '--once',
      '--delay-ms',
      '500',
      '--ae',
      'ALPHA_MG1',
      '--mwl-port',
      String(setup.worklistPort),
      '--mwl-ae',
      setup.aeTitle,
      '--store-port',
      String(setup.storagePort),
      '--store-ae',
      setup.storageAeTitle,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  modality.stdout.on('data', (d: Buffer) => (output += d.toString()));
  modality.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const finished = new Promise<number | null>((resolve) => modality.once('exit', resolve));
  await expect(row).toContainText('In progress');
  expect(await finished, output).toBe(0);
  expect(output).toMatch(/N-SET COMPLETED: Success/);
  await expect(row).toContainText('Complete');

  await page.getByRole('link', { name: 'Janet Thompson', exact: true }).click();
  for (const view of ['RCC', 'LCC', 'RMLO', 'LMLO']) {
    await expect(page.getByRole('img', { name: `${view} mammogram thumbnail` })).toBeVisible();
  }
  const timeline = page.getByRole('list').filter({ hasText: 'Procedure completed' });
  await expect(timeline).toContainText('Procedure started');
  await expect(timeline).toContainText('Image received: LMLO');
  await docsScreenshot(page, 'appointment');
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures/app';

// The service desk asks a clinic for diagnostics: one button on the Gateways screen writes one file and
// says where it is.
test('export diagnostics from the Gateways screen', async ({ appPage: page, dataDir }) => {
  await page.getByRole('link', { name: 'Gateways', exact: true }).click();
  await page.getByRole('button', { name: 'Export diagnostics' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Diagnostics saved to' });
  await expect(status).toBeVisible();
  const file = (await status.locator('code').textContent()) ?? '';
  expect(path.basename(file)).toMatch(/^modality-link-diagnostics-.*\.json$/);
  // The web host keeps logs and exports under its data folder; Electron uses the OS log folder.
  if (file.startsWith(dataDir)) {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { database: { integrity_check: string[] } };
    expect(report.database.integrity_check).toEqual(['ok']);
  }
});

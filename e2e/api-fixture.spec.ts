import { callApiVia, expect, test } from './fixtures/app';

// The fixtures reach the API through the page, so every spec runs against both hosts: window.api in the
// desktop app (a file: page with no HTTP origin), the page's own /api in the web host.
test('the API fixture takes window.api in Electron and HTTP in the web host', async ({ appPage: page }) => {
  const expected = process.env.E2E_HOST === 'electron' ? 'electron' : 'web';
  const { via, result } = await callApiVia<{ host: string }>(page, 'app.info');
  expect(via).toBe(expected === 'electron' ? 'window.api' : 'http');
  expect(result.ok).toBe(true);
  expect(result.value.host).toBe(expected);
  const failed = await callApiVia(page, 'clinics.get', { clinicId: '00000000-0000-4000-8000-000000000000' });
  expect(failed.result.ok).toBe(false);
});

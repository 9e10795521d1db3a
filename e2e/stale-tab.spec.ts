import { freePort } from '../test-support/free-port';
import { expect, test } from './fixtures/app';

// The app restarted on the same address (as `npm start` again, or a service restart): a tab left open
// from before holds the old access token and can never reconnect. It must say so and how to get back,
// not promise a reconnect that cannot happen.
test.use({
  // Playwright reads fixture dependencies from the destructuring pattern, so an empty one is required.
  // eslint-disable-next-line no-empty-pattern
  appEnv: async ({}, use) => {
    await use({ MODALITY_LINK_WEB_PORT: String(await freePort()) });
  },
});

test('a tab left open across a restart says Modality Link was restarted and how to open it again', async ({
  appPage: before,
  restartApp,
}) => {
  await expect(before.getByRole('heading', { level: 1, name: 'Clinics' })).toBeVisible();
  const after = await restartApp();
  await expect(after.getByRole('heading', { level: 1, name: 'Clinics' })).toBeVisible();
  await expect(after.getByText('Modality Link was restarted')).toHaveCount(0);
  if (process.env.E2E_HOST === 'electron') return; // one window, no token: it is the new app's own
  const warning = before.getByRole('alert').filter({ hasText: 'Modality Link was restarted' });
  await expect(warning).toBeVisible({ timeout: 20_000 });
  await expect(warning).toContainText('Open Modality Link again from the address it showed when it started');
  await expect(before.getByText('It will reconnect and refresh by itself')).toHaveCount(0);
});

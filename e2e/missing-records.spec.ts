import { expect, test } from './fixtures/app';

// A link to a record that is gone (an old bookmark, another workstation's cancel): the screen says so
// and offers the way home, not a "Try again" that can never succeed.
test('a missing appointment or message says so and offers the clinic list, not Try again', async ({
  appPage: page,
}) => {
  for (const [hash, what] of [
    [
      '#/appointments/no-such-appointment',
      'Cannot show this appointment: That appointment no longer exists.',
    ],
    ['#/messages/no-such-message', 'Cannot show this message: That message no longer exists.'],
  ] as const) {
    await page.evaluate((h) => (location.hash = h), hash);
    const summary = page.getByRole('alert');
    await expect(summary).toContainText(what);
    await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await summary.getByRole('link', { name: 'Go to the clinic list' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Clinics' })).toBeVisible();
  }
});

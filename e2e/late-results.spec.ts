import { expect, test } from './fixtures/app';

const NAME = 'Janet Thompson';

// An action's own result and the live updates travel on separate connections, so the result can land
// after the gateway has already confirmed. The screen must keep the newer state, not fall back to
// "Queued" with nothing left to correct it (a CI run once saw exactly that). In the web host the test
// holds the send's HTTP reply until the gateway has confirmed everything; Electron's IPC reply cannot
// be held, so there it checks the ordinary order.
test("a send's result arriving after the live confirmation does not put the row back to Queued", async ({
  appPage: page,
  startGateway,
}) => {
  const gateway = await startGateway();
  let releaseReply: () => void = () => {};
  const replyReleased = new Promise<void>((resolve) => (releaseReply = resolve));
  await page.route('**/api/appointments.sendToModality', async (route) => {
    const response = await route.fetch();
    await expect.poll(() => gateway.unique.size).toBe(3);
    await replyReleased;
    await route.fulfill({ response });
  });

  await page
    .getByRole('link', { name: /Breast screening morning clinic/ })
    .first()
    .click();
  const row = page.getByRole('row', { name: new RegExp(NAME) });
  await page.getByRole('button', { name: `Check in ${NAME}` }).click();
  await page.getByRole('button', { name: `Send ${NAME} to modality` }).click();
  await expect(row).toContainText('Confirmed');

  releaseReply();
  // The announcement is made in the same update that applies the send's result to the row.
  await expect(page.getByRole('status').filter({ hasText: `${NAME} sent to modality` })).toBeAttached();
  expect(await row.textContent()).toContain('Confirmed');
  expect(await row.textContent()).not.toContain('Queued');
});

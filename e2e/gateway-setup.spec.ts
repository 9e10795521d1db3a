import { SEND_KEY, startTestGateway } from '../test-support/test-gateway';
import { callApi, expect, test } from './fixtures/app';

// First-run set-up for a real site: a new gateway, explained field by field when wrong, tested
// through the relay before it is saved, and never showing its key again.
test('add a gateway: field-by-field errors, test before saving, save', async ({
  appPage: page,
  relaying,
}) => {
  const { publicKey } = await callApi<{ publicKey: string }>(page, 'app.workstation');
  // The relay in this test only knows alpha-gateway: the new site's gateway listens there too.
  const remote = await startTestGateway({
    relay: relaying.relay,
    entity: 'alpha-gateway',
    workstationPublicKey: publicKey,
  });
  try {
    await page.getByRole('link', { name: 'Gateways', exact: true }).click();
    await page.getByRole('button', { name: 'Add a gateway' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Add a gateway');

    await page.getByLabel('Relay namespace', { exact: true }).fill('https://portal.azure.com');
    await page.getByRole('button', { name: 'Save gateway' }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('Enter a name for the gateway');
    await expect(summary).toContainText('Relay namespace must look like sb://');
    await expect(summary).toContainText('Enter the send key');
    // The summary (the alert's container) takes focus, so keyboard users land on the problems.
    await expect(page.locator('.nhsuk-error-summary')).toBeFocused();

    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Alpha Hospital Trust (R99)' });
    await page.getByLabel('Gateway name', { exact: true }).fill('Beta site gateway');
    await page.getByLabel('Relay namespace', { exact: true }).fill(relaying.relay.url);
    await page.getByLabel('Hybrid connection', { exact: true }).fill('alpha-gateway');
    await page.getByLabel('Send rule name', { exact: true }).fill('send');
    await page.getByLabel('Send key', { exact: true }).fill(SEND_KEY);
    await page
      .getByRole('radio', { name: /Modality Link/ })
      .first()
      .check();
    await page.getByRole('group', { name: 'Route 1' }).getByLabel('Destination').fill('mwl');
    await page.getByLabel('Gateway public key', { exact: true }).fill(remote.publicKey);

    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByRole('region', { name: /Connection test result/ });
    await expect(result).toContainText(/Echo\s*Passed in/);

    await page.getByRole('button', { name: 'Save gateway' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Gateways');
    await expect(page.getByRole('heading', { name: 'Beta site gateway' })).toBeVisible();
    expect(await page.content()).not.toContain(SEND_KEY);
  } finally {
    await remote.close();
  }
});

// Peers we do not control (issue 13): the form offers what each protocol can carry, and "Test
// connection" says which checks a protocol cannot do instead of passing them.
test('protocols of other gateways: worklist only for production, no health check on the seed', async ({
  appPage: page,
  relaying,
}) => {
  const remote = await startTestGateway({
    relay: relaying.relay,
    entity: 'alpha-gateway',
    compatProfiles: ['poc-five'],
  });
  try {
    await page.getByRole('link', { name: 'Gateways', exact: true }).click();
    await page.getByRole('button', { name: 'Add a gateway' }).click();

    await page.getByRole('radio', { name: /NHS gateway/ }).check();
    const route = page.getByRole('group', { name: 'Route 1' });
    await expect(route.getByLabel('Message type').locator('option')).toHaveText([
      'Worklist items (WORKLIST)',
    ]);
    await expect(page.getByRole('group', { name: 'Routes' })).toContainText('takes worklist items only');
    await expect(
      page.getByText('ignores this: its worklist leaves the scheduled station AE title empty'),
    ).toBeVisible();

    await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Alpha Hospital Trust (R99)' });
    await page.getByLabel('Gateway name', { exact: true }).fill('Seed listener');
    await page.getByLabel('Relay namespace', { exact: true }).fill(relaying.relay.url);
    await page.getByLabel('Hybrid connection', { exact: true }).fill('alpha-gateway');
    await page.getByLabel('Send rule name', { exact: true }).fill('send');
    await page.getByLabel('Send key', { exact: true }).fill(SEND_KEY);
    await page.getByRole('radio', { name: /Proof of concept/ }).check();
    await route.getByLabel('Message type').selectOption('FHIR');
    await route.getByLabel('Destination').fill('https://tie.alpha.example.nhs.uk/fhir/r4/ServiceRequest');

    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByRole('region', { name: /Connection test result/ });
    await expect(result).toContainText(/Connection\s*Passed in/);
    await expect(result).toContainText(
      'Not available on this protocol: the proof-of-concept listener (poc-five) has no health check.',
    );
    await expect(result).not.toContainText(/Health\s*Passed/);
    expect(remote.received).toEqual([]);

    await page.getByRole('button', { name: 'Save gateway' }).click();
    await expect(page.getByRole('heading', { name: 'Seed listener' })).toBeVisible();
  } finally {
    await remote.close();
  }
});

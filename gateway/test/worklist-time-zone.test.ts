import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, WorkstationSession, worklistItem } from './helpers/clients';
import { COMPAT_PROFILES_ON, configIssuesOf, writeTestConfig } from './helpers/config';
import { startInProcess, type InProcessGateway } from './helpers/gateway';
import { sendLikeProduction } from './helpers/production-sender';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * `worklist.time_zone`: the zone nhs-gateway/1's UTC scheduled times are converted to (default
 * Europe/London, proven by nhs-gateway-golden.test.ts). modality-link/1 sends local time and is stored
 * as sent.
 */
let r: TestRelay;
beforeAll(async () => {
  r = await startTestRelay();
});
afterAll(async () => {
  await r?.relay.stop();
});

describe('worklist.time_zone', () => {
  it('refuses a zone that is not an IANA name, and a poc-five URL mapped to no destination, naming the key', async () => {
    const zone = await writeTestConfig(r, { worklist: { enabled: false, time_zone: 'BST' } });
    expect(configIssuesOf(zone.configFile)).toEqual([
      'worklist.time_zone: an IANA time zone name such as Europe/London (not an offset or abbreviation)',
    ]);
    const url = 'https://ris.example.nhs.uk/fhir';
    const mapped = await writeTestConfig(r, {
      profiles: { 'poc-five': { enabled: true, destination_urls: { [url]: 'nowhere' } } },
    });
    expect(configIssuesOf(mapped.configFile)).toEqual([
      `profiles.poc-five.destination_urls.${url}: "nowhere" is not a configured destination`,
    ]);
  });

  describe('set to America/New_York', () => {
    let gw: InProcessGateway;
    let workstation: Awaited<ReturnType<typeof writeTestConfig>>;
    beforeAll(async () => {
      workstation = await writeTestConfig(r, {
        profiles: {
          ...COMPAT_PROFILES_ON,
          'nhs-gateway/1': {
            enabled: true,
            actions: ['worklist.create_item', 'worklist.create_test_item'],
          },
        },
        worklist: { enabled: false, time_zone: 'America/New_York' },
      });
      gw = await startInProcess(workstation.configFile);
    });
    afterAll(async () => {
      await gw?.gateway.stop();
    });
    const stored = (accession: string) =>
      gw.gateway.db
        .prepare(
          'SELECT scheduled_date AS date, scheduled_time AS time FROM worklist_items WHERE accession_number = ?',
        )
        .get(accession);

    it('converts nhs-gateway/1 UTC to that zone and keeps modality-link/1 local time as sent', async () => {
      const utc = { ...worklistItem('NY20260614U001'), scheduled: { date: '20260615', time: '013000' } };
      const frame = JSON.stringify({
        action_id: 'ny-1',
        action_type: 'worklist.create_item',
        parameters: { worklist_item: utc },
      });
      expect(JSON.parse(await sendLikeProduction(r, frame))).toEqual({
        status: 'created',
        action_id: 'ny-1',
      });
      // 01:30 UTC on 15 June is 21:30 the evening before in New York (EDT, UTC−4).
      expect(stored('NY20260614U001')).toEqual({ date: '20260614', time: '213000' });
      // A test item's scheduled time, when it gives one, is UTC like any other.
      const testItem = JSON.stringify({
        action_id: 'ny-2',
        action_type: 'worklist.create_test_item',
        parameters: {
          worklist_item: {
            accession_number: 'NY20261215T001',
            scheduled: { date: '20261215', time: '140000' },
          },
        },
      });
      expect(JSON.parse(await sendLikeProduction(r, testItem))).toEqual({
        status: 'created',
        action_id: 'ny-2',
      });
      expect(stored('NY20261215T001')).toEqual({ date: '20261215', time: '090000' });

      const session = await WorkstationSession.open(r, workstation.workstationKey, workstation.workstationId);
      const local = { ...worklistItem('NY20260614L001'), scheduled: { date: '20260615', time: '013000' } };
      const signed = action('worklist.create_item', { worklist_item: local });
      await session.sendActions([signed]);
      expect((await session.replies([signed.action_id])).get(signed.action_id)).toEqual({
        status: 'created',
        action_id: signed.action_id,
      });
      session.close();
      expect(stored('NY20260614L001')).toEqual({ date: '20260615', time: '013000' });
    });
  });
});

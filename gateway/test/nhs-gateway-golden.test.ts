import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findscu, step, type Identifier } from './dicom/dcmtk';
import type { ChildProcess } from 'node:child_process';
import { exited, spawnGateway } from './helpers/cli';
import { COMPAT_PROFILES_ON, writeTestConfig } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { sendLikeProduction } from './helpers/production-sender';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * Golden frames for `nhs-gateway/1`, written by hand from the contract in docs/wire-protocol.md: what a
 * production-style sender puts on the wire (hyco-ws, token in the query, no profile named) and the exact
 * reply it gets. Scheduled times are UTC on the wire; the modality (DCMTK findscu) sees the gateway's
 * local time, Europe/London by default, including the summer hour and the day it can move to.
 * Production's sender reads only `status` of a reply; these pin every field.
 */
const MWL_AE = 'GOLDENMWL';
let r: TestRelay;
let gateway: ChildProcess | undefined;
let mwlPort: number;

beforeAll(async () => {
  r = await startTestRelay();
  mwlPort = await freePort();
  const setup = await writeTestConfig(r, {
    profiles: COMPAT_PROFILES_ON,
    worklist: { enabled: true, host: '127.0.0.1', port: mwlPort, ae_title: MWL_AE },
    log: { level: 'info' },
  });
  // The real `run` process: relay listener, inbox and the MWL SCP findscu talks to.
  gateway = (await spawnGateway(setup.configFile)).child;
}, 30_000);

afterAll(async () => {
  gateway?.kill('SIGTERM');
  if (gateway) await exited(gateway);
  await r?.relay.stop();
});

const send = async (frame: string) =>
  JSON.parse(await sendLikeProduction(r, frame)) as Record<string, unknown>;

/** The full production envelope (as its cloud service builds it), winter: GMT equals UTC. */
const WINTER = `{"schema_version":1,"action_id":"6c1f0e4a-93d2-4b7e-8a51-2f0d9c3b7e10",
"action_type":"worklist.create_item","timestamp":"2026-12-01T08:00:00.000000+00:00",
"source_system":"manage-breast-screening",
"source_reference":{"appointment_id":"appt-7781","participant_id":"9434765919"},
"parameters":{"worklist_item":{"accession_number":"ACC20261215W001",
"participant":{"nhs_number":"9434765919","name":"O'BRIEN^MAIREAD","birth_date":"19680304","sex":"F"},
"scheduled":{"date":"20261215","time":"093000"},
"procedure":{"modality":"MG","study_description":"Screening Mammography"}}}}`;

/** Production's own test-payload shape: no schema_version, timestamp or source_system. BST morning. */
const SUMMER = `{"action_id":"b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d01","action_type":"worklist.create_item",
"parameters":{"worklist_item":{"participant":{"nhs_number":"9434765870","name":"WILLIAMS^CERI",
"birth_date":"19720815","sex":"F"},"scheduled":{"date":"20260614","time":"091500"},
"procedure":{"modality":"MG","study_description":"Screening Mammography"},
"accession_number":"ACC20260614S001"}}}`;

/**
 * 23:30 UTC on 14 June is 00:30 on 15 June in BST. Unknown fields anywhere are ignored, and so are
 * envelope fields production does not use, whatever they hold.
 */
const SUMMER_LATE = `{"action_id":"c3e5a7b9-2d4f-4b6c-8e0a-1f3b5d7f9a02","action_type":"worklist.create_item",
"priority":"routine","source_system":42,"source_reference":{"participant_id":9434765862},
"timestamp":"yesterday","parameters":{"worklist_item":{"accession_number":"ACC20260614S002",
"participant":{"nhs_number":"9434765862","name":"JONES^SIAN","birth_date":"19650101","sex":"F",
"preferred_name":"Sian"},"scheduled":{"date":"20260614","time":"233000","zone":"ignored"},
"procedure":{"modality":"MG","study_description":"Screening Mammography"}}}}`;

/** The morning the clocks go forward: 01:30 UTC on 29 March 2026 is 02:30 BST. */
const CHANGE_DAY = `{"action_id":"d4f6b8c0-3e5a-4c7d-9f1b-2a4c6e8a0b03","action_type":"worklist.create_item",
"parameters":{"worklist_item":{"accession_number":"ACC20260329C001",
"participant":{"nhs_number":"9434765854","name":"EVANS^BETHAN","birth_date":"19700202","sex":"F"},
"scheduled":{"date":"20260329","time":"013000"},
"procedure":{"modality":"MG","study_description":"Screening Mammography"}}}}`;

const SPS = 'ScheduledProcedureStepSequence[0]';
const when = (item: Identifier) => {
  const s = step(item);
  return [item.AccessionNumber, s.ScheduledProcedureStepStartDate, s.ScheduledProcedureStepStartTime];
};

describe('nhs-gateway/1 golden frames: create, in UTC', () => {
  it('answers created / exists exactly as production, and findscu sees the local date and time', async () => {
    const golden: Array<[string, string]> = [
      [WINTER, '6c1f0e4a-93d2-4b7e-8a51-2f0d9c3b7e10'],
      [SUMMER, 'b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d01'],
      [SUMMER_LATE, 'c3e5a7b9-2d4f-4b6c-8e0a-1f3b5d7f9a02'],
      [CHANGE_DAY, 'd4f6b8c0-3e5a-4c7d-9f1b-2a4c6e8a0b03'],
    ];
    for (const [frame, id] of golden) expect(await send(frame)).toEqual({ status: 'created', action_id: id });
    // The same action again, and another action for the same accession: both idempotent.
    expect(await send(WINTER)).toEqual({
      status: 'exists',
      action_id: '6c1f0e4a-93d2-4b7e-8a51-2f0d9c3b7e10',
    });
    const sameAccession = SUMMER.replace(
      'b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d01',
      'e5a7c9d1-4f6b-4d8e-a02c-3b5d7f9b1c04',
    );
    expect(await send(sameAccession)).toEqual({
      status: 'exists',
      action_id: 'e5a7c9d1-4f6b-4d8e-a02c-3b5d7f9b1c04',
    });

    const found = await findscu({ port: mwlPort, calledAe: MWL_AE }, [
      'AccessionNumber',
      'PatientName',
      `${SPS}.ScheduledProcedureStepStartDate`,
      `${SPS}.ScheduledProcedureStepStartTime`,
    ]);
    // Ordered by local date and time, as the modality shows them.
    expect(found.responses.map(when)).toEqual([
      ['ACC20260329C001', '20260329', '023000'],
      ['ACC20260614S001', '20260614', '101500'],
      ['ACC20260614S002', '20260615', '003000'],
      ['ACC20261215W001', '20261215', '093000'],
    ]);
    expect(found.responses.map((x) => x.PatientName)).toContain("O'BRIEN^MAIREAD");
    // Only the local time is kept: a query for the summer-late item's UTC date does not find it.
    const byUtcDate = await findscu({ port: mwlPort, calledAe: MWL_AE }, [
      'AccessionNumber=ACC20260614S002',
      `${SPS}.ScheduledProcedureStepStartDate=20260614`,
    ]);
    expect(byUtcDate.responses).toEqual([]);
  });
});

describe('nhs-gateway/1 golden frames: echo probe and health', () => {
  it('echoes the request exactly as sent, with or without action_id and a naive timestamp', async () => {
    expect(await send('{"action_type":"echo"}')).toEqual({
      status: 'echo',
      payload: { action_type: 'echo' },
    });
    const probe = '{"action_type":"echo","timestamp":"2026-07-07T10:15:00.123456","source":"relay_probe"}';
    expect(await send(probe)).toEqual({ status: 'echo', payload: JSON.parse(probe) });
    expect(await send('{"action_type":"echo","action_id":"probe-0001"}')).toEqual({
      status: 'echo',
      payload: { action_type: 'echo', action_id: 'probe-0001' },
    });
  });

  it('answers health with the action_id sent, or null when none was', async () => {
    const named = await send('{"action_type":"health","action_id":"health-0001"}');
    expect(Object.keys(named).sort()).toEqual(['action_id', 'health', 'status']);
    expect(named).toMatchObject({ status: 'ok', action_id: 'health-0001', health: { checks: {} } });
    expect(await send('{"action_type":"health"}')).toMatchObject({ status: 'ok', action_id: null });
  });
});

const update = (id: string, accession: string, status: string) =>
  `{"action_id":"${id}","action_type":"worklist.update_status",` +
  `"parameters":{"worklist_item":{"accession_number":"${accession}","status":"${status}"}}}`;

describe('nhs-gateway/1 golden frames: update_status', () => {
  it('matches statuses in any case and spacing and answers {accession_number, status: "updated"}', async () => {
    const updated = (accession: string) => ({ accession_number: accession, status: 'updated' });
    expect(await send(update('u-0001', 'ACC20261215W001', 'in progress'))).toEqual(
      updated('ACC20261215W001'),
    );
    // A repeat of the state the item is in is `updated` (production: "not found"; ADR 0019).
    expect(await send(update('u-0002', 'ACC20261215W001', ' In  Progress '))).toEqual(
      updated('ACC20261215W001'),
    );
    expect(await send(update('u-0003', 'ACC20261215W001', ' COMPLETED '))).toEqual(
      updated('ACC20261215W001'),
    );
    // SCHEDULED → DISCONTINUED takes a cancelled appointment off the worklist (production refuses; ADR 0019).
    expect(await send(update('u-0004', 'ACC20260614S001', 'Discontinued'))).toEqual(
      updated('ACC20260614S001'),
    );
    const left = await findscu({ port: mwlPort, calledAe: MWL_AE }, ['AccessionNumber']);
    expect(left.responses.map((x) => x.AccessionNumber)).toEqual(['ACC20260329C001', 'ACC20260614S002']);
  });

  it('refuses in production words: not found, a move the state forbids, a status it has no move to', async () => {
    expect(await send(update('u-0101', 'ACC20990101X001', 'COMPLETED'))).toEqual({
      status: 'error',
      message: "Worklist item 'ACC20990101X001' not found",
      action_id: 'u-0101',
      code: 'update_refused',
      retryable: true,
    });
    expect(await send(update('u-0102', 'ACC20261215W001', 'in progress'))).toEqual({
      status: 'error',
      message: "Cannot transition to 'IN PROGRESS': worklist item 'ACC20261215W001' is COMPLETED",
      action_id: 'u-0102',
      code: 'update_refused',
      retryable: true,
    });
    expect(await send(update('u-0103', 'ACC20260329C001', 'scheduled'))).toEqual({
      status: 'error',
      message: "Cannot transition to 'SCHEDULED'",
      code: 'invalid_parameters',
      retryable: false,
    });
  });
});

describe('nhs-gateway/1 golden frames: bad input', () => {
  const error = (message: string, code: string) => ({ status: 'error', message, code, retryable: false });

  it('names the missing key as production does, with where it is', async () => {
    expect(await send(SUMMER.replace('"accession_number":"ACC20260614S001"', '"accession":"X"'))).toEqual(
      error(
        "Missing key: 'accession_number' (parameters.worklist_item.accession_number)",
        'invalid_parameters',
      ),
    );
    expect(await send(SUMMER.replace('"action_id":"b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d01",', ''))).toEqual(
      error("Missing key: 'action_id'", 'bad_frame'),
    );
    expect(
      await send(
        '{"action_id":"u-0201","action_type":"worklist.update_status","parameters":{"worklist_item":{"accession_number":"ACC20260329C001"}}}',
      ),
    ).toEqual(error("Missing key: 'status' (parameters.worklist_item.status)", 'invalid_parameters'));
    expect(await send('{"action_id":"x-0001"}')).toEqual(error("Missing key: 'action_type'", 'bad_frame'));
  });

  it('names the field and the rule for a bad value, never the value', async () => {
    const badNhs = await send(SUMMER.replace('"9434765870"', '"94347"'));
    expect(badNhs).toEqual(
      error('Invalid parameters.worklist_item.participant.nhs_number: 10 digits', 'invalid_parameters'),
    );
    expect(await send(SUMMER.replace('"20260614"', '"20260231"'))).toEqual(
      error('Invalid parameters.worklist_item.scheduled.date: not a calendar date', 'invalid_parameters'),
    );
    expect(await send('{"action_type":"worklist.delete_item","action_id":"x-0002"}')).toEqual({
      status: 'error',
      message: 'Unsupported action: worklist.delete_item',
    });
    expect(await send('{"schema_version":2,"action_type":"echo"}')).toEqual(
      error('Unsupported schema_version: 2 (this gateway speaks 1)', 'unsupported_version'),
    );
  });
});

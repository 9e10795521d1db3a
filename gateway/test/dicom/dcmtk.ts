import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * DCMTK as the modality: `findscu`/`echoscu` speak to our SCP and `dcm2json` reads what came back, so
 * nothing on the receiving side shares code (dcmjs) with the sender we are testing.
 */
export interface ToolRun {
  code: number;
  output: string;
}

export function run(tool: string, args: string[], cwd?: string): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { cwd, timeout: 15_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
  });
}

export interface Peer {
  port: number;
  calledAe: string;
  callingAe?: string;
}

export function echoscu(peer: Peer, options: string[] = ['-v']): Promise<ToolRun> {
  const ae = ['-aet', peer.callingAe ?? 'MODALITY1', '-aec', peer.calledAe];
  return run('echoscu', [...options, ...ae, '127.0.0.1', String(peer.port)]);
}

/** Tags we read back, by keyword; others stay as their hex tag. */
const KEYWORDS: Record<string, string> = {
  '00080005': 'SpecificCharacterSet',
  '00080050': 'AccessionNumber',
  '00080060': 'Modality',
  '00080090': 'ReferringPhysicianName',
  '00081030': 'StudyDescription',
  '00100010': 'PatientName',
  '00100020': 'PatientID',
  '00100030': 'PatientBirthDate',
  '00100040': 'PatientSex',
  '0020000D': 'StudyInstanceUID',
  '00321060': 'RequestedProcedureDescription',
  '00400001': 'ScheduledStationAETitle',
  '00400002': 'ScheduledProcedureStepStartDate',
  '00400003': 'ScheduledProcedureStepStartTime',
  '00400007': 'ScheduledProcedureStepDescription',
  '00400009': 'ScheduledProcedureStepID',
  '00400100': 'ScheduledProcedureStepSequence',
  '00401001': 'RequestedProcedureID',
};

export type Identifier = { [keyword: string]: string | Identifier[] };

interface JsonAttribute {
  vr: string;
  Value?: unknown[];
}

/** DICOM JSON (PS3.18 F) → `{keyword: text}`; PN as its alphabetic form, SQ as nested identifiers. */
function simplify(json: Record<string, JsonAttribute>): Identifier {
  const out: Identifier = {};
  for (const [tag, attribute] of Object.entries(json)) {
    const key = KEYWORDS[tag] ?? tag;
    const values = attribute.Value ?? [];
    if (attribute.vr === 'SQ')
      out[key] = values.map((item) => simplify(item as Record<string, JsonAttribute>));
    else if (attribute.vr === 'PN')
      out[key] = values.map((v) => (v as { Alphabetic?: string }).Alphabetic ?? '').join('\\');
    else out[key] = values.map(String).join('\\');
  }
  return out;
}

export interface FindResult extends ToolRun {
  responses: Identifier[];
}

/**
 * A worklist C-FIND with `-k` keys (e.g. `ScheduledProcedureStepSequence[0].Modality=MG`). Responses are
 * extracted to files by findscu and converted with dcm2json, in the order they arrived.
 */
export async function findscu(peer: Peer, keys: string[], options: string[] = []): Promise<FindResult> {
  const dir = await mkdtemp(join(tmpdir(), 'findscu-'));
  try {
    const args = [
      '-v',
      '-W',
      '-X',
      '-od',
      dir,
      ...options,
      '-aet',
      peer.callingAe ?? 'MODALITY1',
      '-aec',
      peer.calledAe,
    ];
    const result = await run('findscu', [
      ...args,
      ...keys.flatMap((k) => ['-k', k]),
      '127.0.0.1',
      String(peer.port),
    ]);
    const files = (await readdir(dir)).filter((f) => /^rsp\d+\.dcm$/.test(f)).sort();
    const responses: Identifier[] = [];
    for (const file of files) {
      const converted = await run('dcm2json', [join(dir, file)]);
      if (converted.code !== 0) throw new Error(`dcm2json failed: ${converted.output}`);
      responses.push(simplify(JSON.parse(converted.output) as Record<string, JsonAttribute>));
    }
    return { ...result, responses };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The final status line findscu prints, e.g. `Success` or `Error: DataSetDoesNotMatchSOPClass`. */
export function finalStatus(output: string): string | undefined {
  return /Received Final Find Response \(([^)]*)\)/.exec(output)?.[1];
}

/** The scheduled step item of a response (there is exactly one per item). */
export function step(identifier: Identifier): Identifier {
  const sequence = identifier.ScheduledProcedureStepSequence;
  if (!Array.isArray(sequence) || sequence.length !== 1 || !sequence[0])
    throw new Error('expected one SPS item');
  return sequence[0];
}

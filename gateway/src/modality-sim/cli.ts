/**
 * `npm run modality-sim -- [options]`: a mammography unit on the command line. Exit codes: 0 all steps
 * succeeded (or polling was stopped), 1 a step failed or --once/--accession found nothing, 2 bad options.
 * Output is one line per step; accession numbers appear (this is a test tool), names, NHS numbers and
 * birth dates never do.
 */
import { OptionError, parseArgv } from './options';
import { runSimulator } from './poll-loop';
import { localDateTime } from './dicom-values';
import { GATEWAY_VERSION } from '../version';

const HELP = `Usage: npm run modality-sim -- [options]
Acts as a mammography unit: queries the worklist (C-FIND), reports the procedure (MPPS N-CREATE/N-SET)
and sends four synthetic images (C-STORE). See docs/modality-simulator.md.
  --host H              gateway host (127.0.0.1)
  --ae AE               our AE title, the scheduled station we ask for (ALPHA_MG1)
  --mwl-port N --mwl-ae AE       worklist SCP (4243, MODALITYLINK)
  --mpps-port N --mpps-ae AE     MPPS SCP (default: the worklist SCP's)
  --store-port N --store-ae AE   storage SCP (4244, MODALITYLINK)
  --any-station         do not filter the worklist by our AE title
  --date YYYYMMDD       scheduled date to query (today, Europe/London)
  --once                do the first item found, then exit
  --accession X         do only this item, then exit
  --poll-seconds N      query every N seconds until stopped (with --once/--accession: until done)
  --images RCC,LCC      views to send (RCC,LCC,RMLO,LMLO)
  --images-dir DIR      folder with RCC.dcm, LCC.dcm, RMLO.dcm, LMLO.dcm (resources/dicom)
  --skip-mpps           send no MPPS, images only
  --discontinue         end with MPPS DISCONTINUED instead of COMPLETED
  --discontinue-reason R  unspecified | refused | equipment | condition | wrong-item
  --delay-ms N          pause between steps (0)
  --timeout-ms N        connect/association timeout (10000)
  -h, --help            this text;  -V, --version  the version`;

const log = (line: string) => {
  const { time } = localDateTime(new Date());
  process.stdout.write(`[${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}] ${line}\n`);
};

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    process.stderr.write(`modality-sim: ${error.message}\n${error.showUsage ? `\n${HELP}\n` : ''}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${parsed.version ? GATEWAY_VERSION : HELP}\n`);
    return 0;
  }
  const { options } = parsed;
  const controller = new AbortController();
  let signals = 0;
  const stop = () => {
    signals += 1;
    if (signals > 1) process.exit(130); // a second Ctrl-C does not wait for the procedure to finish
    log('stopping after the current step');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const station = options.anyStation ? 'any station' : `station ${options.ae}`;
  log(
    `modality ${options.ae}: worklist ${options.mwlAe}@${options.host}:${options.mwlPort} (${station}), ` +
      `MPPS ${options.skipMpps ? 'off' : `${options.mppsAe}@${options.host}:${options.mppsPort}`}, ` +
      `storage ${options.storeAe}@${options.host}:${options.storePort}` +
      (options.pollSeconds ? `, polling every ${options.pollSeconds} s` : ''),
  );
  const run = await runSimulator(options, { log, signal: controller.signal });
  if (controller.signal.aborted) return 0;
  return run.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`modality-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

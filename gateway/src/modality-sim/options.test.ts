import { describe, expect, it } from 'vitest';
import { OptionError, parseArgv, simulatorOptions, type SimulatorOptions } from './options';

/** Option parsing: the defaults the demo relies on, and errors that start with the option's name. */
function parse(...argv: string[]): SimulatorOptions {
  const parsed = parseArgv(argv);
  if (parsed.help) throw new Error('unexpected --help');
  return parsed.options;
}

function error(...argv: string[]): string {
  try {
    parseArgv(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseArgv', () => {
  it('defaults: local gateway, ALPHA_MG1, dev ports, MPPS beside the worklist, four views, one pass', () => {
    expect(parse()).toEqual({
      host: '127.0.0.1',
      ae: 'ALPHA_MG1',
      mwlPort: 4243,
      mwlAe: 'MODALITYLINK',
      mppsPort: 4243,
      mppsAe: 'MODALITYLINK',
      storePort: 4244,
      storeAe: 'MODALITYLINK',
      anyStation: false,
      date: undefined,
      once: false,
      accession: undefined,
      discontinue: false,
      discontinueReason: 'unspecified',
      skipMpps: false,
      delayMs: 0,
      images: ['RCC', 'LCC', 'RMLO', 'LMLO'],
      imagesDir: undefined,
      pollSeconds: undefined,
      timeoutMs: 10_000,
    });
  });

  it('reads what the demo passes, and the MPPS SCP follows the worklist SCP unless told otherwise', () => {
    const demo = parse(
      ...['--poll-seconds', '3', '--ae', 'ALPHA_MG1', '--mwl-port', '4243', '--mwl-ae', 'ALPHA_MWL'],
      ...['--store-port', '4244', '--store-ae', 'ALPHA_PACS'],
    );
    expect(demo).toMatchObject({
      pollSeconds: 3,
      mwlAe: 'ALPHA_MWL',
      mppsAe: 'ALPHA_MWL',
      storeAe: 'ALPHA_PACS',
    });
    const split = parse('--mwl-port', '104', '--mpps-port', '105', '--mpps-ae', 'RIS_MPPS');
    expect(split).toMatchObject({ mwlPort: 104, mppsPort: 105, mppsAe: 'RIS_MPPS', mwlAe: 'MODALITYLINK' });
    expect(
      parse('--images', 'lcc, RCC,LCC', '--once', '--delay-ms', '250', '--poll-seconds', '0.5'),
    ).toMatchObject({
      images: ['LCC', 'RCC'],
      once: true,
      delayMs: 250,
      pollSeconds: 0.5,
    });
    expect(parse('--discontinue', '--discontinue-reason', 'equipment')).toMatchObject({
      discontinue: true,
      discontinueReason: 'equipment',
    });
    expect(parseArgv(['--help'])).toEqual({ help: true });
  });

  it('names the option in every error', () => {
    expect(error('--mwl-port', 'abc')).toBe('--mwl-port: must be a whole number from 1 to 65535');
    expect(error('--store-port', '70000')).toBe('--store-port: must be a whole number from 1 to 65535');
    expect(error('--ae', 'A_TITLE_LONGER_THAN_16')).toBe('--ae: must be at most 16 characters');
    expect(error('--mwl-ae', 'BAD\\AE')).toBe('--mwl-ae: must not contain backslashes or control characters');
    expect(error('--images', 'RCC,XCCL')).toBe('--images: unknown view "XCCL" (use RCC, LCC, RMLO, LMLO)');
    expect(error('--date', '27/11/2026')).toBe('--date: must be a date as YYYYMMDD');
    expect(error('--poll-seconds', '0')).toBe(
      '--poll-seconds: must be a number of seconds from 0.1 to 86400',
    );
    expect(error('--accession', 'ACC20261127ABCDEF')).toBe('--accession: must be at most 16 characters');
    expect(error('--discontinue-reason', 'bored')).toBe(
      '--discontinue-reason: must be one of unspecified, refused, equipment, condition, wrong-item',
    );
    expect(error('--discontinue', '--skip-mpps')).toBe(
      '--discontinue: needs MPPS, so it cannot be combined with --skip-mpps',
    );
    expect(error('--mwl-prot', '4243')).toBe('--mwl-prot: unknown option (see --help)');
    expect(error('--mwl-port')).toBe('--mwl-port: needs a value');
    expect(error('--once=yes')).toBe('--once: takes no value');
  });
});

describe('simulatorOptions (in-process)', () => {
  it('fills in defaults, keeps MPPS with the worklist SCP, and checks ports and AE titles', () => {
    expect(simulatorOptions({ mwlPort: 11112, mwlAe: 'X' })).toMatchObject({ mppsPort: 11112, mppsAe: 'X' });
    expect(() => simulatorOptions({ storePort: 0 })).toThrow(
      'storePort: must be a whole number from 1 to 65535',
    );
    expect(() => simulatorOptions({ ae: '' })).toThrow('ae: must not be empty');
  });
});

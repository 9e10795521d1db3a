import type { z } from 'zod';
import { channels, type Channel, type IpcResult } from '#shared/ipc/contract';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { DomainError } from '../services/errors';
import type { HandlerTable } from './handlers';

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  // The first problem per field is the one to fix first ("Enter the name" before "only letters…").
  for (const issue of error.issues) fields[issue.path.join('.') || '(input)'] ??= issue.message;
  return fields;
}

/**
 * The one entry point for every IPC call, from Electron or the web host: unknown channel and bad input
 * are refused before any handler runs; expected failures become typed errors; anything unexpected is
 * logged (without input, which may hold patient data) and reported as `internal`.
 */
export async function dispatchCall(
  ctx: ServiceContext,
  handlers: HandlerTable,
  log: Logger,
  channel: string,
  input: unknown,
): Promise<IpcResult<unknown>> {
  if (!Object.hasOwn(channels, channel)) {
    return { ok: false, error: { kind: 'validation', message: `Unknown channel "${channel}".` } };
  }
  const spec = channels[channel as Channel];
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        kind: 'validation',
        message: `Invalid input for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
        fields: fieldErrors(parsed.error),
      },
    };
  }
  try {
    const handler = handlers[channel as Channel] as (c: ServiceContext, i: unknown) => unknown;
    const value = spec.output.parse(await handler(ctx, parsed.data));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, error: { kind: error.kind, message: error.message } };
    log.error(
      { channel, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) },
      'ipc handler failed',
    );
    return {
      ok: false,
      error: { kind: 'internal', message: 'Something went wrong. The error has been logged.' },
    };
  }
}

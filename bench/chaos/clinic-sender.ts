import { postToWebHost } from '../../test-support/app-process';
import type { SupervisedProcess } from './supervised-process';

/**
 * Clinic staff, as the chaos run plays them: check each participant in and send them to the modality
 * through the web host's API, whatever the faults. The app is killed under the sender's feet, so every
 * call may fail without an answer; the sender waits for the app to come back (with a new token: it is
 * read from each life's `UI:` line) and carries on. The state machine makes a repeated step harmless:
 * "cannot check in, already checked in" means the earlier call got through.
 */
type ApiAnswer<T> = { ok: true; value: T } | { ok: false; kind: string; message: string };

export interface SendTally {
  /** Appointments now in `sent_to_modality`, as far as the sender knows. */
  appointmentsSent: number;
  /** Message ids the app answered with; each must exist in its database at the end. */
  acceptedMessageIds: string[];
  /** Calls that got no answer (app down, killed mid-call, token of a previous life). */
  unanswered: number;
}

interface AppointmentView {
  state: string;
}

export class ClinicSender {
  readonly tally: SendTally = { appointmentsSent: 0, acceptedMessageIds: [], unanswered: 0 };
  /** Set when one sender fails: the others stop too rather than call a run that is being torn down. */
  private stopped = false;

  constructor(private readonly app: SupervisedProcess) {}

  /** One call; resolves with undefined when the app did not answer, so the caller tries again later. */
  async call<T>(channel: string, input: unknown): Promise<ApiAnswer<T> | undefined> {
    if (!this.app.running || !this.app.readyValue) return undefined;
    try {
      const response = await postToWebHost(this.app.readyValue, channel, input, AbortSignal.timeout(15_000));
      // 401: a token from the app's previous life; the next try reads the new one.
      if (response.status === 401) return undefined;
      const body = (await response.json()) as
        { ok: true; value: T } | { ok: false; error: { kind: string; message: string } };
      return body.ok ? body : { ok: false, ...body.error };
    } catch {
      return undefined;
    }
  }

  /** Calls until the app answers; gives up (throws) only if it never does within `patienceMs`. */
  private async answered<T>(channel: string, input: unknown, patienceMs = 120_000): Promise<ApiAnswer<T>> {
    const until = Date.now() + patienceMs;
    for (;;) {
      const answer = await this.call<T>(channel, input);
      if (answer) return answer;
      this.tally.unanswered++;
      if (this.stopped) throw new Error('sending stopped');
      if (Date.now() > until) throw new Error(`the app did not answer ${channel} for ${patienceMs / 1000} s`);
      await sleep(250);
    }
  }

  /** Checks one appointment in and sends it, however many tries that takes. */
  async sendOne(appointmentId: string): Promise<void> {
    const input = { appointmentId };
    for (let round = 0; round < 20; round++) {
      const checkIn = await this.answered<AppointmentView>('appointments.checkIn', input);
      if (!checkIn.ok && checkIn.kind !== 'invalid_transition')
        throw new Error(`check-in of ${appointmentId} failed: ${checkIn.message}`);
      const sent = await this.answered<{ messages: Array<{ id: string }> }>(
        'appointments.sendToModality',
        input,
      );
      if (sent.ok) {
        this.tally.appointmentsSent++;
        this.tally.acceptedMessageIds.push(...sent.value.messages.map((m) => m.id));
        return;
      }
      if (sent.kind !== 'invalid_transition')
        throw new Error(`send of ${appointmentId} failed: ${sent.message}`);
      // Refused: either an earlier, unanswered send got through, or the check-in did not. Ask which.
      const detail = await this.answered<{ appointment: AppointmentView }>('appointments.get', input);
      if (!detail.ok) throw new Error(`reading ${appointmentId} failed: ${detail.message}`);
      if (detail.value.appointment.state === 'sent_to_modality') {
        this.tally.appointmentsSent++;
        return;
      }
    }
    throw new Error(`${appointmentId} could not be sent after 20 rounds`);
  }

  /**
   * Sends every appointment, spread evenly over `spreadMs` so the messages meet the faults. A few staff
   * at once (`parallel`): the app is down for part of every few seconds, and one sender alone would fall
   * far behind the schedule on a busy machine.
   */
  async sendAll(appointmentIds: readonly string[], spreadMs: number, parallel = 4): Promise<void> {
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < appointmentIds.length && !this.stopped) {
        const i = next++;
        const due = started + (i * spreadMs) / appointmentIds.length;
        if (due > Date.now()) await sleep(due - Date.now());
        await this.sendOne(appointmentIds[i]!);
      }
    };
    await Promise.all(
      Array.from({ length: parallel }, () =>
        worker().catch((error: unknown) => {
          this.stopped = true;
          throw error;
        }),
      ),
    );
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

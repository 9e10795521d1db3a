import type { Db } from '../open-database';
import { clinics } from '../schema';
import { addAppointments, DEMO_PROVIDER_ID } from './demo-seed';
import { generateParticipants } from './participant-generator';

/**
 * A clinic of any size for benchmarks and load tests: deterministic fictional participants (999 test
 * NHS numbers) in consecutive 15-minute slots from 09:00, under the demo provider.
 */
export function generateLargeClinic(
  db: Db,
  options: { date: string; appointments: number; seed?: number; id?: string },
): string {
  const id = options.id ?? `clinic-large-${options.date}-${options.appointments}`;
  const at = new Date().toISOString();
  db.transaction((tx) => {
    tx.insert(clinics)
      .values({
        id,
        providerId: DEMO_PROVIDER_ID,
        name: `Large clinic (${options.appointments})`,
        date: options.date,
        location: 'Benchmark unit',
        timeZone: 'Europe/London',
        createdAt: at,
      })
      .run();
    const people = generateParticipants(
      options.appointments,
      options.seed ?? options.appointments,
      options.date,
    );
    addAppointments(tx as unknown as Db, id, options.date, people, at);
  });
  return id;
}

/**
 * The idle bench's FHIR and HL7 v2 destinations, in a process of their own (ADR 0023, round 2): on a
 * site they are other machines, so they must not take the app's event loop or CPU while it confirms.
 * Run as a child: prints one JSON line `{ fhirUrl, mllpPort }` once both listen, and stops on SIGTERM.
 */
import { startFhirServer, startMllpServer } from '../integration/support';

async function main(): Promise<void> {
  const fhir = await startFhirServer(0);
  const mllp = await startMllpServer(['AA']);
  process.stdout.write(`${JSON.stringify({ fhirUrl: fhir.url, mllpPort: mllp.port })}\n`);
  process.once('SIGTERM', () => {
    void Promise.all([fhir.close(), mllp.close()]).finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

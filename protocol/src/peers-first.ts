/**
 * How long a process sleeps, after writing a frame, before it starts background work, so the process the
 * write woke runs first (ADR 0033). On Linux a reader woken by a loopback write is queued on the writer's
 * core, on the guess that the writer is about to sleep; a writer that goes straight on to other work
 * (the gateway to its deliveries, the app to telling its screens) keeps the reader, and so the frame,
 * waiting up to a scheduler slice: 1–2 ms on this project's 2-core machine, where the relay shares the
 * cores with the app and the gateway (the demo, the tests, the benches). On machines of their own the
 * wait does not arise, and the background work merely starts this much later.
 *
 * 3 ms, not 1: Node measures a timer from the start of the event loop's current turn, so a 1 ms timer
 * set late in a busy turn is already due and the loop never sleeps.
 */
export const PEERS_FIRST_MS = 3;

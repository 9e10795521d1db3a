/** What the registry needs from a live modality-link/1 session. */
export interface EventSink {
  readonly workstationId: string | undefined;
  /** Push any unacknowledged events this session may receive. */
  pumpEvents(): void;
  close(code?: number, reason?: string): void;
}

/**
 * Open sessions, so a new event (a delivery outcome, later a modality event) can be pushed at once to
 * every session allowed to see it, instead of waiting for the next connect.
 */
export class SessionRegistry {
  private readonly sessions = new Set<EventSink>();

  add(session: EventSink): void {
    this.sessions.add(session);
  }

  remove(session: EventSink): void {
    this.sessions.delete(session);
  }

  get size(): number {
    return this.sessions.size;
  }

  workstations(): string[] {
    return [
      ...new Set([...this.sessions].map((s) => s.workstationId).filter((w): w is string => w !== undefined)),
    ];
  }

  notifyEvents(): void {
    for (const session of this.sessions) session.pumpEvents();
  }

  closeAll(code: number, reason: string): void {
    for (const session of this.sessions) session.close(code, reason);
    this.sessions.clear();
  }
}

/**
 * Everything a message builder needs to describe one appointment's order to a destination.
 * Assembled by the send-to-modality service from the database inside its transaction, so every
 * builder sees the same snapshot and builders themselves stay pure (no I/O, no clock, no randomness).
 */
export interface OrderContext {
  /** Outbox message id (uuid); becomes the action id on the wire. */
  messageId: string;
  /** ≤ 16 characters (DICOM SH); unique per appointment and reused on resend. */
  accessionNumber: string;
  /** When the order was created (ISO 8601 UTC): the message timestamp. */
  createdAt: string;
  appointment: {
    id: string;
    /** Slot start, ISO 8601 UTC. Builders convert to the clinic's time zone. */
    startsAt: string;
    durationMinutes: number;
  };
  clinic: {
    id: string;
    name: string;
    location: string;
    /** IANA zone; always 'Europe/London' for NHS breast screening, kept explicit for DICOM local times. */
    timeZone: string;
  };
  provider: {
    id: string;
    name: string;
    /** NHS ODS code of the provider organisation, e.g. 'RXX'. */
    odsCode: string;
  };
  participant: {
    id: string;
    /** 10 digits, no spaces, valid mod-11 check digit. */
    nhsNumber: string;
    familyName: string;
    givenName: string;
    /** YYYY-MM-DD */
    dateOfBirth: string;
    sex: 'female' | 'male' | 'other' | 'unknown';
  };
  /**
   * The time zone `worklist_item.scheduled` is written in, as the gateway's profile requires
   * (`profileCapabilities(profile).scheduledTimes`); the clinic's own when not given. ADR 0018.
   */
  scheduledTimes?: 'clinic-local' | 'utc';
  procedure: {
    /** DICOM modality code; 'MG' for mammography. */
    modality: string;
    studyDescription: string;
    /** Scheduled station AE title of the modality, when the gateway route names one. */
    scheduledStationAeTitle?: string;
  };
}

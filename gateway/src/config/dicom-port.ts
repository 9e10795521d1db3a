import { z } from 'zod';
import { DICOM_MATCHING_CHARACTERS } from 'modality-link-protocol';
import { DEFAULT_POLICY, type ConnectionPolicy } from '../dicom-net/scp-listener';

/**
 * Settings every DICOM port of the gateway shares (worklist/MPPS and storage): who may call it and how
 * much of it one peer, or everyone together, may hold. Optional with the defaults in
 * dicom-net/scp-listener, so configs written before these keys existed keep their meaning.
 */
export const aeTitleSchema = z
  .string()
  .regex(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, 'a DICOM AE title (1-16 characters)')
  // `*` and `?` are C-FIND wildcards: an AE title must never be one (issue 12).
  .refine((s) => s.trim() !== '' && !DICOM_MATCHING_CHARACTERS.test(s), {
    message: 'a DICOM AE title: not only spaces, and no matching characters (* or ?)',
  });

export const dicomPortFields = {
  /** When set, associations from other calling AE titles get A-ASSOCIATE-RJ "calling AE not recognized". */
  allowed_calling_ae_titles: z.array(aeTitleSchema).min(1).optional(),
  /** Simultaneous associations; beyond it, A-ASSOCIATE-RJ (transient, local limit exceeded). */
  max_associations: z.number().int().min(1).max(1000).optional(),
  /** Sockets one peer address may hold, whether associated or not. */
  max_connections_per_peer: z.number().int().min(1).max(1000).optional(),
  /** ARTIM: seconds from connecting to a complete association request. */
  association_request_timeout_seconds: z.number().min(0.05).max(300).optional(),
  /** An association silent in both directions this long is aborted. */
  idle_timeout_seconds: z.number().min(0.05).max(86_400).optional(),
};

type PortConfig = {
  max_associations?: number | undefined;
  max_connections_per_peer?: number | undefined;
  association_request_timeout_seconds?: number | undefined;
  idle_timeout_seconds?: number | undefined;
};

/** The listener policy for one configured port: its own keys over the port's defaults. */
export function portPolicy(port: PortConfig, defaults: Partial<ConnectionPolicy> = {}): ConnectionPolicy {
  const base = { ...DEFAULT_POLICY, ...defaults };
  return {
    ...base,
    maxAssociations: port.max_associations ?? base.maxAssociations,
    maxConnectionsPerPeer: port.max_connections_per_peer ?? base.maxConnectionsPerPeer,
    requestTimeoutMs:
      port.association_request_timeout_seconds === undefined
        ? base.requestTimeoutMs
        : port.association_request_timeout_seconds * 1000,
    idleTimeoutMs:
      port.idle_timeout_seconds === undefined ? base.idleTimeoutMs : port.idle_timeout_seconds * 1000,
  };
}

/** The wire protocol shared by the desktop app and the gateway. See docs/wire-protocol.md. */
export * from './actions';
export * from './canonical-json';
export * from './decode';
export * from './delivery-rules';
export * from './dicom-identifiers';
export * from './events';
export { fastDecodeCounts } from './fast-checks';
export { fastDecodeFrame } from './fast-frames';
export { safeParseParameters } from './fast-parameters';
export * from './poc-five';
export * from './profile-capabilities';
export * from './retry-schedule';
export * from './session-frames';
export * from './signing';
export * from './vocabulary';
export * from './wall-clock';
export * from './worklist-item';
export * from './phase-trace';
export * from './legacy-buffer-check';
export {
  randomUUID,
  useSignNow,
  useVerifyNow,
  type KeyHandle,
  type SignNow,
  type VerifyNow,
} from './platform';

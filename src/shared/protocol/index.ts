/** The wire protocol shared by the desktop app and the gateway. See docs/wire-protocol.md. */
export * from './actions';
export * from './canonical-json';
export * from './decode';
export * from './delivery-rules';
export * from './dicom-identifiers';
export * from './events';
export * from './poc-five';
export * from './session-frames';
export * from './signing';
export * from './worklist-item';
export { randomUUID, type KeyHandle } from './platform';

export * from './profile-capabilities';

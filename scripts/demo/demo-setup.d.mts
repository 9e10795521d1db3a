/** Types for demo-setup.mjs, which `npm start` imports directly and its test imports from TypeScript. */
export const DEMO_PORTS: { relay: number; worklist: number; storage: number };
export const DEMO_AE: { worklist: string; storage: string; modality: string };
export interface Demo {
  dir: string;
  sendKey: string;
  listenKey: string;
  gatewayPublicKey: string;
  configFile: string;
}
export function prepareDemo(dataDir: string): Demo;
export function writeGatewayConfig(
  demo: Demo,
  workstation: { workstationId: string; publicKey: string },
  extra?: Record<string, unknown>,
): void;

/** Types for demo-setup.mjs, which the chaos benchmark reuses to write a demo-like gateway. */
export const DEMO_PORTS: { relay: number; worklist: number; storage: number };
export const DEMO_AE: { worklist: string; storage: string; modality: string };

export interface DemoGateway {
  dir: string;
  sendKey: string;
  listenKey: string;
  gatewayPublicKey: string;
  configFile: string;
}

export function prepareDemo(dataDir: string): DemoGateway;
export function writeGatewayConfig(
  demo: DemoGateway,
  workstation: { workstationId: string; publicKey: string },
  extra?: Record<string, unknown>,
): void;

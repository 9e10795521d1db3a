/** Types for demo-setup.mjs, which the chaos benchmark reuses to write a demo-like gateway. */
export interface DemoPorts {
  relay: number;
  worklist: number;
  storage: number;
}
export const DEMO_PORTS: DemoPorts;
export const DEMO_AE: { worklist: string; storage: string; modality: string };

export interface DemoGateway {
  dir: string;
  sendKey: string;
  listenKey: string;
  gatewayPublicKey: string;
  configFile: string;
  ports: DemoPorts;
}

export function freeDemoPorts(): Promise<DemoPorts & { web: number }>;

export function prepareDemo(dataDir: string, ports?: DemoPorts): DemoGateway;
export function writeGatewayConfig(
  demo: DemoGateway,
  workstation: { workstationId: string; publicKey: string },
  extra?: Record<string, unknown>,
): void;

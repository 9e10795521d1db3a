import type { WorklistPort } from '../inbox/worklist-port';
import { createItem, updateStatus } from './worklist-store';

/** The DICOM side's worklist store, seen through the port the inbox calls inside its transactions. */
export const worklistStore: WorklistPort = { createItem, updateStatus };

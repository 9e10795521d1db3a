import type { WorklistPort } from '../inbox/worklist-port';
import { applyWorklistSchema, createItem, updateStatus } from './worklist-store';

/** The DICOM side's worklist store, seen through the port the inbox calls inside its transactions. */
export const worklistStore: WorklistPort = { applySchema: applyWorklistSchema, createItem, updateStatus };

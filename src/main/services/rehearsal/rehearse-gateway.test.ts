import { describe, expect, it } from 'vitest';
import { rehearsalWaitSeconds } from './rehearse-gateway';

describe('rehearsalWaitSeconds', () => {
  it('takes whole seconds from 1 to 600 from the environment, else 45', () => {
    expect(rehearsalWaitSeconds({})).toBe(45);
    expect(rehearsalWaitSeconds({ MODALITY_LINK_REHEARSAL_WAIT_SECONDS: '5' })).toBe(5);
    expect(rehearsalWaitSeconds({ MODALITY_LINK_REHEARSAL_WAIT_SECONDS: '600' })).toBe(600);
    for (const bad of ['0', '601', '2.5', 'soon', ''])
      expect(rehearsalWaitSeconds({ MODALITY_LINK_REHEARSAL_WAIT_SECONDS: bad }), bad).toBe(45);
  });
});

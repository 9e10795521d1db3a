import { describe, expect, it } from 'vitest';
import { copyOutcomeText } from './clipboard';

describe('copyOutcomeText', () => {
  it('says what happened, naming what was copied', () => {
    expect(copyOutcomeText('public key', 'copied')).toBe('Public key copied');
    expect(copyOutcomeText('command', 'copied')).toBe('Command copied');
    expect(copyOutcomeText('public key', 'selected')).toBe(
      'The public key could not be copied automatically. It is selected: press Control and C to copy it.',
    );
    expect(copyOutcomeText('command', 'failed')).toBe(
      'The command could not be copied. Select it and copy it by hand.',
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '#gateway/config/schema';

/**
 * The configs the .deb and the Windows zip ship, read as the gateway reads them: both DICOM ports are
 * closed to all but a placeholder modality AE title (MAMMO1) that set-up replaces, so a fresh install
 * never serves the worklist, MPPS or storage to any host that can reach it.
 */
const packaging = join(__dirname, '../../packaging');

describe.each(['debian', 'windows'])('the %s packaged gateway.yaml', (platform) => {
  it('is a valid config with both calling-AE allow-lists on', () => {
    const config = configSchema.parse(parse(readFileSync(join(packaging, platform, 'gateway.yaml'), 'utf8')));
    expect(config.worklist.allowed_calling_ae_titles).toEqual(['MAMMO1']);
    expect(config.storage.enabled).toBe(true);
    expect(config.storage.allowed_calling_ae_titles).toEqual(['MAMMO1']);
  });
});

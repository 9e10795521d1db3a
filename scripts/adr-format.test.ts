import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ADR_DIR = path.resolve(__dirname, '../docs/adr');
const files = fs
  .readdirSync(ADR_DIR)
  .filter((f) => f.endsWith('.md'))
  .sort();

describe('architecture decision records', () => {
  it('are numbered from 0001 without gaps, one file per number', () => {
    const numbers = files.map((f) => /^(\d{4})-[a-z0-9-]+\.md$/.exec(f)?.[1] ?? `bad name: ${f}`);
    expect(numbers).toEqual(files.map((_, i) => String(i + 1).padStart(4, '0')));
  });

  it('each has one title style, its own number, and a Status line', () => {
    for (const file of files) {
      const [title, ...rest] = fs.readFileSync(path.join(ADR_DIR, file), 'utf8').split('\n');
      expect(title, file).toMatch(new RegExp(`^# ADR ${file.slice(0, 4)}: \\S`));
      expect(
        rest.some((line) => /^Status: \S/.test(line)),
        `${file} has a Status line`,
      ).toBe(true);
    }
  });
});

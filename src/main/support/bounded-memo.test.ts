import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo';

describe('boundedMemo', () => {
  it('computes once per key and answers repeats from memory', () => {
    let calls = 0;
    const square = boundedMemo(
      4,
      (n: number) => String(n),
      (n: number) => {
        calls++;
        return { n: n * n };
      },
    );
    const first = square(3);
    expect(square(3)).toBe(first);
    expect(first).toEqual({ n: 9 });
    expect(square(4)).toEqual({ n: 16 });
    expect(calls).toBe(2);
  });

  it('forgets the oldest key once full, and never remembers an error', () => {
    const seen: number[] = [];
    const half = boundedMemo(
      2,
      (n: number) => String(n),
      (n: number) => {
        seen.push(n);
        if (n % 2) throw new Error(`${n} is odd`);
        return n / 2;
      },
    );
    expect(() => half(1)).toThrow('1 is odd');
    expect(() => half(1)).toThrow('1 is odd');
    half(2);
    half(4);
    half(6); // forgets 2
    half(4);
    half(2);
    expect(seen).toEqual([1, 1, 2, 4, 6, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/search/backoff';

/** Which of `ticks` ticks try, when every try fails (or succeeds, from tick `recoverAt` on). */
function tries(backoff: Backoff, ticks: number, recoverAt = Infinity): number[] {
  const tried: number[] = [];
  for (let t = 0; t < ticks; t++) {
    if (!backoff.due()) continue;
    tried.push(t);
    if (t >= recoverAt) backoff.succeeded();
    else backoff.failed();
  }
  return tried;
}

describe('Backoff', () => {
  it('tries every tick while the work succeeds', () => {
    expect(tries(new Backoff(), 5, 0)).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets 1, 2, 4 … ticks pass after failures in a row, never more than the longest wait', () => {
    expect(tries(new Backoff(4), 40)).toEqual([0, 2, 5, 10, 15, 20, 25, 30, 35]);
  });

  it('starts over after a success', () => {
    // Fails at 0, 2 and 5; succeeds from tick 9 (the try after 5's wait of 4): every tick after.
    expect(tries(new Backoff(32), 14, 9)).toEqual([0, 2, 5, 10, 11, 12, 13]);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietFor } from '../../src/search/quiet';

describe('quietFor', () => {
  afterEach(() => vi.useRealTimers());

  it('resolves at once when the last search is long past, else when it is quietMs old, waiting again for every later one', async () => {
    vi.useFakeTimers();
    let last = -10_000;
    const now = () => Date.now();
    vi.setSystemTime(0);
    await quietFor(() => last, 2000, now);

    last = 0;
    let done = false;
    void quietFor(() => last, 2000, now).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1500);
    expect(done).toBe(false);
    // Another search at 1.5 s: quiet again only at 3.5 s.
    last = 1500;
    await vi.advanceTimersByTimeAsync(600);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1300);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
  });
});

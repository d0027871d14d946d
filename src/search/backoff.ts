/**
 * When work that runs on a timer keeps failing (saving the search worker's postings to a full
 * disk: 136 MB a try at a million photos), try less often: after each failure in a row,
 * twice as many ticks are let pass before the next try, up to `longest`; a success starts over.
 */
export class Backoff {
  private failures = 0;
  private waiting = 0;

  constructor(private readonly longest = 32) {}

  /** Whether this tick may try (counts the tick when it may not). */
  due(): boolean {
    if (this.waiting === 0) return true;
    this.waiting--;
    return false;
  }

  failed(): void {
    this.failures++;
    this.waiting = Math.min(this.longest, 2 ** (this.failures - 1));
  }

  succeeded(): void {
    this.failures = 0;
    this.waiting = 0;
  }
}

// Types for tests/summary.mjs (plain JS so tests/run-all.mjs runs it without a build).
export interface Tally { passed: number; failed: number; skipped: string[]; problems: string[] }
export function vitestTally(report: unknown, ok: boolean, cwd?: string): Tally;
export function playwrightTally(report: unknown, ok: boolean): Tally;
export function finalLine(passed: number, failed: number, skipped: number): string;

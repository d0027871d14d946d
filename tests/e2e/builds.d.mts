// Types for tests/e2e/builds.mjs (plain JS so tests/run-all.mjs runs it without a build).
export type ExtraBuildName = 'second' | 'shoebox';
export const EXTRA_BUILDS: Record<ExtraBuildName, { outDir: string; args: string[]; env: Record<string, string> }>;
export function buildCommand(build: (typeof EXTRA_BUILDS)[ExtraBuildName]): string[];
export function extraBuild(name: ExtraBuildName): string;

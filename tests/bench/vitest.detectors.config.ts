import { defineConfig } from 'vitest/config';

/** Node-only bench tools run by Vitest: the detector comparison of models/LABELS.md (compare-detectors.ts, `-c tests/bench/vitest.detectors.config.ts compare`) and the label calibration from saved probes (calibrate-labels.ts, `... calibrate`). */
export default defineConfig({
  test: { include: ['tests/bench/compare-detectors.ts', 'tests/bench/calibrate-labels.ts'], environment: 'node', testTimeout: 30 * 60_000 },
});

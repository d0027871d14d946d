/**
 * Where a worker's time goes, stage by stage: milliseconds summed per stage, and the time spent in
 * tasks at all (busy). Kept on the worker's global object, where `npm run bench` reads it through
 * the DevTools protocol (Playwright's `worker.evaluate`); the app never reads it. The cost is two
 * `performance.now()` calls per stage, a few per photo.
 */
export interface StageTimes {
  /** Milliseconds (wall time inside this worker) summed per stage, and how many times each ran. */
  stages: Record<string, { ms: number; count: number }>;
  /** Milliseconds during which at least one task was running. */
  busyMs: number;
  tasks: number;
  /**
   * When each of the last `KEPT_ENDS` tasks ended, in ms since the epoch (`performance.timeOrigin`
   * plus `performance.now()`: one clock for every worker): the bench's rate once an import has
   * warmed up (a vision worker's task is one photo's analysis, the last step of its indexing).
   */
  ended: number[];
}

/** Enough for the bench's imports; a long one keeps the latest. */
const KEPT_ENDS = 5_000;

const scope = globalThis as { shoeboxStages?: StageTimes };
const times: StageTimes = (scope.shoeboxStages ??= { stages: {}, busyMs: 0, tasks: 0, ended: [] });

function add(stage: string, ms: number): void {
  const entry = (times.stages[stage] ??= { ms: 0, count: 0 });
  entry.ms += ms;
  entry.count++;
}

/** Time one stage of a task. */
export async function stage<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    add(name, performance.now() - t0);
  }
}

/** The same for synchronous work. */
export function stageSync<T>(name: string, work: () => T): T {
  const t0 = performance.now();
  try {
    return work();
  } finally {
    add(name, performance.now() - t0);
  }
}

let active = 0;
let since = 0;

/** Time a whole task. Busy time counts while at least one task runs (tasks may overlap). */
export async function task<T>(work: () => Promise<T>): Promise<T> {
  if (active++ === 0) since = performance.now();
  try {
    return await work();
  } finally {
    const now = performance.now();
    if (--active === 0) times.busyMs += now - since;
    times.tasks++;
    if (times.ended.push(performance.timeOrigin + now) > KEPT_ENDS) times.ended.shift();
  }
}

import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const TICK_MS = 10;

/** A /proc stat line's parent, name and CPU ms (user + system): after the name in parentheses come state, ppid, …, utime (14th field), stime (15th). */
function statOf(path: string): { parent: number; name: string; ms: number } {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
}

/** Every process this one started (the browser Playwright launched and its children), with its CPU ms so far; undefined where there is no /proc. */
function descendants(root: number): Map<number, number> | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of entries) {
    try {
      const { parent, ms } = statOf(`/proc/${entry}/stat`);
      cpu.set(Number(entry), ms);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const found = new Map<number, number>();
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    found.set(pid, cpu.get(pid) ?? 0);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * CPU milliseconds (user + system) used so far by every process this one started, from Linux's
 * /proc: the browser Playwright launched, its renderers (the page and its workers run there) and
 * its GPU and utility processes. Undefined where there is no /proc.
 */
export function descendantsCpuMs(root = process.pid): number | undefined {
  const processes = descendants(root);
  return processes && [...processes.values()].reduce((sum, ms) => sum + ms, 0);
}

/** One thread's CPU so far, and what kind of thread it is: `<process type>/<thread name>`. */
type ThreadCpu = Map<string, { group: string; ms: number }>;

/** A thread's name without its number (Chromium numbers its pools' threads: "ThreadPoolForeg", "DedicatedWorker thread"). */
const threadGroup = (comm: string): string => comm.trim().replace(/[\s\d]+$/, '') || 'unnamed';

/**
 * Every thread's CPU milliseconds so far in the processes this one started, keyed by process and
 * thread id, each named by its process's `--type` (the browser has none) and its thread's name.
 * Undefined where there is no /proc.
 */
export function threadCpuMs(root = process.pid): ThreadCpu | undefined {
  const processes = descendants(root);
  if (!processes) return undefined;
  const threads: ThreadCpu = new Map();
  for (const pid of processes.keys()) {
    try {
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const { name, ms } = statOf(`/proc/${pid}/task/${tid}/stat`);
        threads.set(`${pid}/${tid}`, { group: `${type}/${threadGroup(name)}`, ms });
      }
    } catch {
      // the process or thread ended meanwhile
    }
  }
  return threads;
}

/**
 * CPU milliseconds per `per` (a photo) spent between two `threadCpuMs` readings, summed by kind of
 * thread, largest first, kinds under `floor` ms left out. A thread that ended between the two is
 * not counted; one that started is counted whole.
 */
export function cpuByThreadGroup(before: ThreadCpu, after: ThreadCpu, per: number, floor = 1): Record<string, number> {
  const sums = new Map<string, number>();
  for (const [key, { group, ms }] of after) sums.set(group, (sums.get(group) ?? 0) + ms - (before.get(key)?.ms ?? 0));
  return Object.fromEntries(
    [...sums]
      .map(([group, ms]) => [group, Math.round(ms / per)] as const)
      .filter(([, ms]) => ms >= floor)
      .sort((a, b) => b[1] - a[1]),
  );
}

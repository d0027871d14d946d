import { wrap, type Remote } from 'comlink';
import type { BackendName, BackendReport, Timing } from '../vision/types';
import type { VisionResult } from '../vision/detections';
import type { FoundFace } from '../vision/faces';
import type { VisionApi } from '../vision/vision-api';
import { keepTime, summarise, type TimedModel } from '../vision/timing';

export interface VisionStatus {
  state: 'off' | 'starting' | 'ready' | 'failed';
  backend?: BackendReport;
  error?: string;
  /** The last photo whose analysis failed, and why (the photo was indexed without labels). */
  lastFailure?: string;
}

/** A vision worker as the pool holds it (a seam: the unit tests give fakes). */
export interface VisionWorker {
  api: Pick<Remote<VisionApi>, 'init' | 'analyse' | 'stats'>;
  terminate(): void;
}

function spawnWorker(): VisionWorker {
  const worker = new Worker(new URL('../../workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' });
  return { api: wrap<VisionApi>(worker), terminate: () => worker.terminate() };
}

/**
 * Vision workers a long import may use: one per core, up to three. Each runs tfjs (wasm: one
 * thread) on one photo at a time and is the import's bottleneck: measured at 12 MP, a photo took
 * about 670 ms in the vision worker against 140 in an imaging worker, so with one vision worker
 * two cores were never both busy.
 */
export function visionWorkers(cores = globalThis.navigator?.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(3, cores));
}

/** How long the extra vision workers outlive the import that started them. */
const LINGER_MS = 30_000;

interface Slot {
  worker: VisionWorker;
  started: Promise<BackendReport>;
  ready: boolean;
  /** Photos sent and not answered yet. */
  waiting: number;
  /** Out of the pool: ends when its last photo is answered. */
  stopping: boolean;
}

/**
 * The vision workers, the first started on first use. tfjs keeps its models and backend in each;
 * analysis is best effort — a photo whose analysis fails is still indexed, only without labels.
 * A long import widens the pool (`widen`): the others load their models meanwhile, on the first
 * one's backend (the same labels whichever worker looks), and take photos once ready; `narrow`
 * ends them when the import does (each holds its models' memory).
 */
export class Vision {
  private slots: Slot[] = [];
  private wide = false;
  private narrowing: ReturnType<typeof setTimeout> | undefined;
  status: VisionStatus = { state: 'off' };
  /** The analysis times of workers stopped since the backend was chosen (their last ones, per model). */
  private retired: Partial<Record<TimedModel, number[]>> = {};

  constructor(
    private pin?: BackendName,
    private readonly spawn: () => VisionWorker = spawnWorker,
    private readonly most = visionWorkers(),
    private readonly linger = LINGER_MS,
  ) {}

  private open(pin: BackendName | undefined): Slot {
    const worker = this.spawn();
    const slot: Slot = { worker, started: worker.api.init(pin), ready: false, waiting: 0, stopping: false };
    slot.started.then(() => (slot.ready = true), () => undefined);
    this.slots.push(slot);
    return slot;
  }

  private start(): Promise<BackendReport> {
    let first = this.slots[0];
    if (!first) {
      first = this.open(this.pin);
      this.status = { state: 'starting' };
      const slot = first;
      first.started.then(
        (backend) => {
          if (this.slots[0] === slot) this.status = { state: 'ready', backend };
        },
        (e: Error) => {
          if (this.slots[0] === slot) this.status = { state: 'failed', error: e.message };
        },
      );
    }
    return first.started;
  }

  /** Use every worker this machine has cores for, until `narrow`: for an import of many photos. */
  widen(): void {
    this.wide = true;
    clearTimeout(this.narrowing);
    const started = this.start();
    const first = this.slots[0];
    void started
      .then((backend) => {
        // Not if the workers were restarted meanwhile (another backend picked in Settings).
        while (this.wide && this.slots[0] === first && this.slots.length < this.most) {
          const slot = this.open(backend.name);
          // One that cannot start (memory, say) is dropped; the others carry on.
          slot.started.catch(() => this.stop(slot));
        }
      })
      .catch(() => undefined);
  }

  /**
   * Back to one worker when no import has widened the pool again within `linger` (a folder added
   * right after another keeps their models loaded): the others finish what they hold and stop.
   */
  narrow(): void {
    this.wide = false;
    clearTimeout(this.narrowing);
    if (this.slots.length < 2) return;
    this.narrowing = setTimeout(() => {
      if (!this.wide) for (const slot of this.slots.slice(1)) this.stop(slot);
    }, this.linger);
  }

  /** Take a worker out of the pool; it ends now, or when the photos it holds are answered. */
  private stop(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot);
    slot.stopping = true;
    if (slot.waiting === 0) this.end(slot);
  }

  /** End a stopped worker, its analysis times kept first (Settings and the bench count every worker's). */
  private end(slot: Slot): void {
    if (!slot.ready) return slot.worker.terminate();
    // Into the times of the backend it ran on (another picked meanwhile starts afresh: `repin`).
    const retired = this.retired;
    const times = slot.worker.api.stats().then(({ times }) => {
      for (const [model, list] of Object.entries(times) as [TimedModel, number[]][]) for (const ms of list) keepTime((retired[model] ??= []), ms);
    });
    void times.catch(() => undefined).finally(() => slot.worker.terminate());
  }

  /** How many workers are in the pool (the first included). */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Labels for a photo's tile, and faces from its preview; undefined when vision cannot run here
   * (the photo is indexed anyway). Sent to the ready worker with the fewest photos waiting.
   */
  async analyse(tile: Blob, preview?: Blob): Promise<(VisionResult & { faces?: FoundFace[] }) | undefined> {
    let slot: Slot | undefined;
    try {
      await this.start();
      slot = this.slots.filter((s) => s.ready).reduce<Slot | undefined>((best, s) => (!best || s.waiting < best.waiting ? s : best), undefined) ?? this.slots[0];
      if (!slot) throw new Error('the vision worker was stopped');
      slot.waiting++;
      return await slot.worker.api.analyse(tile, preview);
    } catch (e) {
      this.status = { ...this.status, lastFailure: (e as Error).message };
      console.warn('Shoebox: a photo could not be analysed; it is indexed without labels.', e);
      return undefined;
    } finally {
      if (slot && --slot.waiting === 0 && slot.stopping) this.end(slot);
    }
  }

  /**
   * The backend, the first worker's notes and tensors, and the analysis times of every worker that
   * ran (those in the pool and those stopped since the backend was chosen) together.
   */
  async report(): Promise<VisionStatus & { tensors?: number; timings?: Record<string, Timing> }> {
    try {
      await this.start();
      const others = this.slots.slice(1).filter((s) => s.ready);
      const [first, ...rest] = await Promise.all([(this.slots[0] as Slot).worker.api.stats(), ...others.map((s) => s.worker.api.stats().catch(() => undefined))]);
      const times = new Map<string, number[]>(Object.entries(this.retired).map(([model, list]) => [model, [...list]]));
      for (const stats of [first, ...rest]) for (const [model, list] of Object.entries(stats?.times ?? {})) times.set(model, [...(times.get(model) ?? []), ...list]);
      const timings = Object.fromEntries([...times].flatMap(([model, list]) => {
        const t = summarise(list);
        return t ? [[model, t]] : [];
      }));
      const backend = this.status.backend && { ...this.status.backend, notes: first.notes };
      return { ...this.status, backend, tensors: first.tensors, timings };
    } catch {
      return this.status;
    }
  }

  /** Use another backend from now on (Settings); the workers are restarted with it. */
  repin(pin: BackendName | undefined): void {
    this.pin = pin;
    clearTimeout(this.narrowing);
    for (const slot of this.slots) slot.worker.terminate();
    this.slots = [];
    // Times on the backend before are not this one's.
    this.retired = {};
    this.status = { state: 'off' };
  }
}

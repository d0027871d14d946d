import { wrap, type Remote } from 'comlink';
import type { BackendName, BackendReport, Timing } from '../vision/types';
import type { VisionResult } from '../vision/detections';
import type { FoundFace } from '../vision/faces';
import type { VisionApi } from '../vision/vision-api';

export interface VisionStatus {
  state: 'off' | 'starting' | 'ready' | 'failed';
  backend?: BackendReport;
  error?: string;
  /** The last photo whose analysis failed, and why (the photo was indexed without labels). */
  lastFailure?: string;
}

/**
 * The vision worker, started on first use. One worker: tfjs keeps its models and backend there;
 * analysis is best effort — a photo whose analysis fails is still indexed, only without labels.
 */
export class Vision {
  private worker: Worker | undefined;
  private api: Remote<VisionApi> | undefined;
  private started: Promise<BackendReport> | undefined;
  status: VisionStatus = { state: 'off' };

  constructor(private pin?: BackendName) {}

  private start(): Promise<BackendReport> {
    if (!this.started) {
      this.worker = new Worker(new URL('../../workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' });
      this.api = wrap<VisionApi>(this.worker);
      this.status = { state: 'starting' };
      this.started = this.api.init(this.pin).then(
        (backend) => {
          this.status = { state: 'ready', backend };
          return backend;
        },
        (e: Error) => {
          this.status = { state: 'failed', error: e.message };
          throw e;
        },
      );
    }
    return this.started;
  }

  /**
   * Labels for a photo's tile, and faces from its preview; undefined when vision cannot run here
   * (the photo is indexed anyway).
   */
  async analyse(tile: Blob, preview?: Blob): Promise<(VisionResult & { faces?: FoundFace[] }) | undefined> {
    try {
      await this.start();
      return await (this.api as Remote<VisionApi>).analyse(tile, preview);
    } catch (e) {
      this.status = { ...this.status, lastFailure: (e as Error).message };
      console.warn('Shoebox: a photo could not be analysed; it is indexed without labels.', e);
      return undefined;
    }
  }

  async report(): Promise<VisionStatus & { tensors?: number; timings?: Record<string, Timing> }> {
    try {
      await this.start();
      const stats = await (this.api as Remote<VisionApi>).stats();
      const backend = this.status.backend && { ...this.status.backend, notes: stats.notes };
      return { ...this.status, backend, tensors: stats.tensors, timings: stats.timings };
    } catch {
      return this.status;
    }
  }

  /** Use another backend from now on (Settings); the worker is restarted with it. */
  repin(pin: BackendName | undefined): void {
    this.pin = pin;
    this.worker?.terminate();
    this.worker = undefined;
    this.api = undefined;
    this.started = undefined;
    this.status = { state: 'off' };
  }
}

import { For, Show, createSignal } from 'solid-js';
import type { BatchChange } from '../catalog/batch-repo';
import { dateTime, photosText } from '../app/format';
import { BatchDialog, type BatchDialogProps } from './BatchDialog';

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');
const offsetName = (m: number) => `${m < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(m) / 60))}:${pad(Math.abs(m) % 60)}`;
/** UTC−12:00 to UTC+14:00 by half hours, and the three zones on a quarter hour (Nepal, Eucla, Chatham). */
const ZONES = [...Array.from({ length: 53 }, (_, i) => (i - 24) * 30), 345, 525, 765].sort((a, b) => a - b).map(offsetName);
const KEEP = 'keep';
/** `datetime-local`'s value is a wall-clock time, as `takenAt` is (UTC standing for "no zone"). */
const fromInput = (value: string) => (value ? Date.parse(`${value}Z`) : NaN);
const toInput = (at: number) => new Date(at).toISOString().slice(0, 19);
const zoneName = (zone: string | undefined) => (zone ? `UTC${zone}` : 'unknown');


/** Set the selection's date and time, or shift it by an offset ("the camera clock was 1 h 12 min off"); and its time zone. */
export function DateDialog(props: BatchDialogProps) {
  const [mode, setMode] = createSignal<'shift' | 'set'>('shift');
  const [later, setLater] = createSignal(true);
  const [parts, setParts] = createSignal({ days: 0, hours: 0, minutes: 0 });
  const [when, setWhen] = createSignal('');
  const [zone, setZone] = createSignal(KEEP);
  const shiftMs = () => ((parts().days * 24 + parts().hours) * 60 + parts().minutes) * MINUTE * (later() ? 1 : -1);
  /** The date-time box: what was typed, else the selection's one date. */
  const setTo = () => {
    const at = props.facts?.takenAt.value;
    return when() || (at !== undefined ? toInput(at) : '');
  };
  const change = (): BatchChange | undefined => {
    const z = zone() === KEEP ? {} : { zone: zone() };
    if (mode() === 'set') {
      const at = fromInput(setTo());
      return Number.isFinite(at) ? { kind: 'date', set: at, ...z } : undefined;
    }
    return shiftMs() || zone() !== KEEP ? { kind: 'date', ...(shiftMs() ? { shiftMs: shiftMs() } : {}), ...z } : undefined;
  };
  const now = () => props.facts?.takenAt;
  const preview = () => {
    const c = change();
    const at = now()?.value;
    if (!c || c.kind !== 'date' || at === undefined) return undefined;
    return dateTime(c.set ?? at + (c.shiftMs ?? 0));
  };
  const number = (key: 'days' | 'hours' | 'minutes', label: string, max: number) => (
    <label>
      {label}
      <input type="number" min="0" max={max} step="1" value={parts()[key]} onInput={(e) => setParts({ ...parts(), [key]: Math.max(0, Math.floor(e.currentTarget.valueAsNumber || 0)) })} />
    </label>
  );
  return (
    <BatchDialog title="Date and time" change={change} apply={props.apply} onClose={props.onClose}>
      <p class="batch-dialog-facts">
        {photosText(props.count)}, taken{' '}
        {now() === undefined ? '…' : now()?.mixed ? 'at different times' : dateTime(now()?.value ?? 0)}; time zone{' '}
        {props.facts === undefined ? '…' : props.facts.zone.mixed ? 'differs between them' : zoneName(props.facts.zone.value)}.
      </p>
      <fieldset>
        <legend>Change</legend>
        <label><input type="radio" name="date-mode" checked={mode() === 'shift'} onChange={() => setMode('shift')} /> Shift by an offset</label>
        <label><input type="radio" name="date-mode" checked={mode() === 'set'} onChange={() => setMode('set')} /> Set to a date and time</label>
      </fieldset>
      <Show
        when={mode() === 'shift'}
        fallback={
          <label>
            Date and time
            <input type="datetime-local" step="1" value={setTo()} onInput={(e) => setWhen(e.currentTarget.value)} />
          </label>
        }
      >
        <div class="batch-dialog-row">
          <label>
            Direction
            <select value={later() ? 'later' : 'earlier'} onChange={(e) => setLater(e.currentTarget.value === 'later')}>
              <option value="later">Later</option>
              <option value="earlier">Earlier</option>
            </select>
          </label>
          {number('days', 'Days', 36_500)}
          {number('hours', 'Hours', 23)}
          {number('minutes', 'Minutes', 59)}
        </div>
      </Show>
      <label>
        Time zone
        <select value={zone()} onChange={(e) => setZone(e.currentTarget.value)}>
          <option value={KEEP}>Keep each photo's</option>
          <option value="">None (unknown)</option>
          <For each={ZONES}>{(z) => <option value={z}>UTC{z}</option>}</For>
        </select>
      </label>
      <Show when={preview()}>{(p) => <p class="batch-dialog-preview" role="status">New date: {p()}</p>}</Show>
    </BatchDialog>
  );
}

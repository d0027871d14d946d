import { createSignal } from 'solid-js';

/**
 * "Show private photos": one choice for every view of this tab (timeline, search, suggestions,
 * albums and labels, people), read by the one private-photo rule (catalog/visibility.ts). Off
 * whenever the app starts.
 */
export const [showPrivate, setShowPrivate] = createSignal(false);

import { describe, expect, it } from 'vitest';
import { describeError, LOAD_MESSAGE, QUOTA_MESSAGE } from '../../src/catalog/errors';

describe('errors in words a person can act on', () => {
  it('says to reload when a part of the app loaded on first use cannot be fetched, in each browser’s wording', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://127.0.0.1:4173/assets/export-BeKIQT1s.js', // Chromium
      'error loading dynamically imported module: http://127.0.0.1:4173/assets/export-BeKIQT1s.js', // Firefox
      'Importing a module script failed.', // Safari
    ]) expect(describeError(new TypeError(message))).toBe(LOAD_MESSAGE);
  });

  it('names a full disk at any depth of Dexie’s wrapping, and says anything else as it is', () => {
    expect(describeError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(QUOTA_MESSAGE);
    expect(describeError(new TypeError('Failed to fetch'))).toBe('Something went wrong: Failed to fetch.');
    expect(describeError(new Error('The folder is gone!'))).toBe('Something went wrong: The folder is gone!');
  });
});

import { expect, it } from 'vitest';
import { findPlace } from '../../src/search/places';

// The table shipped with the app (GeoNames towns, models/places.ts), looked up by name.
it('finds the most populous town of a name, or the one in the country given, and nothing for no town', async () => {
  const lisbon = await findPlace('Lisbon');
  expect(lisbon?.lat).toBeCloseTo(38.72, 1);
  expect(lisbon?.lng).toBeCloseTo(-9.13, 1);
  expect(lisbon?.radiusKm).toBeGreaterThan(3);
  // London, England before London, Ontario; the country code picks the other.
  expect((await findPlace('london'))?.lat).toBeCloseTo(51.5, 0);
  expect((await findPlace('london, ca'))?.lat).toBeCloseTo(43.0, 0);
  expect(await findPlace('london, pt')).toBeUndefined();
  expect((await findPlace('atlantis'))?.lng).toBeCloseTo(18.48, 1); // Atlantis, Western Cape
  expect(await findPlace('nowhereville')).toBeUndefined();
  expect(await findPlace('')).toBeUndefined();
});

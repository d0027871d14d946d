import { describe, expect, it } from 'vitest';
import { buildGazetteer } from '../../models/gazetteer';
import { Gazetteer } from '../../src/search/gazetteer';

const places = new Gazetteer(buildGazetteer());

describe('the gazetteer names where a photo was taken', () => {
  it.each([
    ['a tram stop in Lisbon', 38.7223, -9.1393, { town: 'Lisbon', region: 'Lisbon', country: 'Portugal', cc: 'PT' }],
    ['the Eiffel Tower', 48.8584, 2.2945, { town: 'Paris', region: 'Île-de-France', country: 'France', cc: 'FR' }],
    ['Times Square', 40.758, -73.9855, { town: 'Manhattan', region: 'New York', country: 'United States', cc: 'US' }],
    ['the Sydney Opera House', -33.8568, 151.2153, { town: 'Sydney', region: 'New South Wales', country: 'Australia', cc: 'AU' }],
    ['Shibuya crossing', 35.6595, 139.7005, { town: 'Tokyo', region: 'Tokyo', country: 'Japan', cc: 'JP' }],
    ['Reykjavík harbour', 64.15, -21.94, { town: 'Reykjavík', country: 'Iceland', cc: 'IS' }],
    ['across the date line, Fiji', -16.78, 179.33, { country: 'Fiji', cc: 'FJ' }],
  ])('%s', (_, lat, lng, expected) => {
    expect(places.name(lat, lng)).toMatchObject(expected);
  });

  it('names only the country (and region) off the coast, beyond any town', () => {
    const offLisbon = places.name(38.72, -9.95);
    expect(offLisbon).toMatchObject({ country: 'Portugal', cc: 'PT' });
    expect(offLisbon.town).toBeUndefined();
  });

  it('names nothing in the middle of an ocean or at the poles', () => {
    expect(places.name(30, -40)).toEqual({});
    expect(places.name(-10, -120)).toEqual({});
    expect(places.name(89.9, 10)).toEqual({});
    expect(places.name(-89.9, 10)).toEqual({});
  });

  it('finds towns by the start of their name, as typed: the exact name first, then the largest; a region or country after a comma', () => {
    const lisb = places.find('lisb');
    expect(lisb[0]).toMatchObject({ name: 'Lisbon', country: 'Portugal', cc: 'PT' });
    expect(lisb[0]?.lat).toBeCloseTo(38.72, 1);
    expect(places.find('Reykjavik')[0]).toMatchObject({ name: 'Reykjavík' });
    expect(places.find('paris')[0]).toMatchObject({ name: 'Paris', country: 'France' });
    expect(places.find('paris, united')[0]).toMatchObject({ name: 'Paris', country: 'United States' });
    expect(places.find('porto, portugal').map((t) => t.name)).toContain('Porto');
    expect(places.find('', 8)).toEqual([]);
    expect(places.find('zzzzqx')).toEqual([]);
    expect(places.find('san', 5)).toHaveLength(5);
  });
});

describe("the map's town names", () => {
  const distance = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
    Math.hypot(a.lat - b.lat, (((a.lng - b.lng + 540) % 360) - 180) * Math.cos((a.lat * Math.PI) / 180));

  it('are the largest towns in view, largest first, kept apart', () => {
    const portugal = places.townsIn({ west: -9.6, south: 36.9, east: -6.2, north: 42.1 }, 6, 0.8);
    expect(portugal[0]?.name).toBe('Lisbon');
    expect(portugal.map((t) => t.name)).toContain('Porto');
    expect(portugal).toHaveLength(6);
    for (const [i, a] of portugal.entries()) {
      expect(a.lat >= 36.9 && a.lat <= 42.1 && a.lng >= -9.6 && a.lng <= -6.2, a.name).toBe(true);
      for (const b of portugal.slice(i + 1)) expect(distance(a, b), `${a.name}–${b.name}`).toBeGreaterThanOrEqual(0.8);
    }
    // Closer together, more of them: Lisbon's neighbours appear.
    expect(places.townsIn({ west: -9.6, south: 38.4, east: -8.8, north: 39 }, 12, 0.05).length).toBeGreaterThan(6);
  });

  it('read across the antimeridian (west > east) and stay inside the box', () => {
    const fiji = places.townsIn({ west: 176, south: -20, east: -178, north: -15 }, 5, 0.2);
    expect(fiji.map((t) => t.name)).toContain('Suva');
    for (const t of fiji) expect(t.lng >= 176 || t.lng <= -178, t.name).toBe(true);
    expect(places.townsIn({ west: -30, south: 0, east: -20, north: 10 }, 5, 0.2)).toEqual([]); // the Atlantic
  });
});

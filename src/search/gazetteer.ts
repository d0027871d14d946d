import { distanceKm } from '../catalog/search-reads';
import type { PlaceName } from '../catalog/types';
import { fold } from '../catalog/terms';

/** A town found by its name (the location dialog's suggestions). */
export interface Town {
  name: string;
  region?: string;
  country?: string;
  cc?: string;
  lat: number;
  lng: number;
}

/**
 * The bundled table (models/gazetteer.ts builds it): towns sorted by 1° cell, each with its name,
 * region, size and place; coordinates in thousandths of a degree, each field but the names a
 * difference from the town before (so most are small numbers).
 */
export interface GazetteerTable {
  /** `[code, name]`: `['PT', 'Portugal']`. */
  countries: [code: string, name: string][];
  /** `[name, country index]`; the name is '' where GeoNames names no region. */
  regions: [name: string, country: number][];
  /** Town names, one per line. */
  names: string;
  region: number[];
  /** How large each town is: 2·log10(population / 5,000), rounded, at least 0 (what naming weighs). */
  size: number[];
  /** The same, finer (8·log10): what orders the map's labels (Porto before Braga, both size 3). */
  rank: number[];
  lat: number[];
  lng: number[];
}

/** Within this of a town, a photo is in it; farther out, only its region and country are named. */
export const TOWN_KM = 30;
/** Farther than this from every town (out at sea, in a desert), a photo has no place name. */
export const COUNTRY_KM = 80;

const KM_PER_DEGREE = (Math.PI * 6371) / 180;
const CELLS = 180 * 360;

const row = (lat: number) => Math.min(179, Math.max(0, Math.floor(lat) + 90));
const column = (lng: number) => ((((Math.floor(lng) + 180) % 360) + 360) % 360);

/**
 * Reverse geocoding over the bundled gazetteer (models/gazetteer.ts): the towns are bucketed by
 * 1° cell once, so naming a place reads only the few cells within COUNTRY_KM of it, never the
 * whole table.
 */
export class Gazetteer {
  private readonly lat: Float64Array;
  private readonly lng: Float64Array;
  private readonly region: Uint16Array;
  private readonly weight: Float32Array;
  private readonly names: string[];
  /** Towns in cell order: cell c holds `order[start[c] … start[c + 1])`. */
  private readonly start = new Uint32Array(CELLS + 1);
  private readonly order: Uint32Array;

  constructor(private readonly table: GazetteerTable) {
    const n = table.lat.length;
    this.lat = new Float64Array(n);
    this.lng = new Float64Array(n);
    this.region = new Uint16Array(n);
    this.weight = new Float32Array(n);
    this.names = table.names.split('\n');
    let lat = 0;
    let lng = 0;
    let region = 0;
    const cells = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      lat += table.lat[i] as number;
      lng += table.lng[i] as number;
      region += table.region[i] as number;
      this.lat[i] = lat / 1000;
      this.lng[i] = lng / 1000;
      this.region[i] = region;
      // A city's centre may be far from where its photos are taken: larger towns reach farther.
      this.weight[i] = 1 + (table.size[i] as number) / 2;
      const cell = row(lat / 1000) * 360 + column(lng / 1000);
      cells[i] = cell;
      this.start[cell + 1] = (this.start[cell + 1] as number) + 1;
    }
    for (let c = 0; c < CELLS; c++) this.start[c + 1] = (this.start[c + 1] as number) + (this.start[c] as number);
    const next = this.start.slice(0, CELLS);
    this.order = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const cell = cells[i] as number;
      const at = next[cell] as number;
      this.order[at] = i;
      next[cell] = at + 1;
    }
  }

  /** The town that best names this point within `maxKm` (distance over the town's size), and how far it is. */
  nearest(lat: number, lng: number, maxKm = COUNTRY_KM): { town: number; km: number } | undefined {
    const spanLat = maxKm / KM_PER_DEGREE;
    const poleward = Math.min(89.9, Math.abs(lat) + spanLat);
    const spanLng = maxKm / (KM_PER_DEGREE * Math.cos((poleward * Math.PI) / 180));
    const columns = spanLng >= 180 ? 360 : Math.floor(lng + spanLng) - Math.floor(lng - spanLng) + 1;
    let best: { town: number; km: number; score: number } | undefined;
    for (let r = row(lat - spanLat); r <= row(lat + spanLat); r++) {
      for (let k = 0; k < Math.min(columns, 360); k++) {
        const cell = r * 360 + (columns >= 360 ? k : column(lng - spanLng + k));
        for (let j = this.start[cell] as number; j < (this.start[cell + 1] as number); j++) {
          const i = this.order[j] as number;
          const km = distanceKm(lat, lng, this.lat[i] as number, this.lng[i] as number);
          const score = km / (this.weight[i] as number);
          if (km <= maxKm && (!best || score < best.score)) best = { town: i, km, score };
        }
      }
    }
    return best && { town: best.town, km: best.km };
  }

  /** Every town's name folded (no accents, lower case), made on the first search by name. */
  private folded: string[] | undefined;

  /**
   * Towns whose name starts with what was typed ("lisb", "porto, portugal": after a comma, a
   * region or country to narrow it), the exact name first, then the largest: one pass over the
   * names (47,000, about a millisecond).
   */
  find(query: string, limit = 8): Town[] {
    const [name = '', where = ''] = fold(query).split(',').map((s) => s.trim());
    if (!name) return [];
    this.folded ??= this.names.map(fold);
    const hits: number[] = [];
    for (let i = 0; i < this.folded.length; i++) {
      if (!(this.folded[i] as string).startsWith(name)) continue;
      if (where) {
        const town = this.town(i);
        if (![town.region, town.country, town.cc].some((w) => w && fold(w).startsWith(where))) continue;
      }
      hits.push(i);
    }
    const exact = (i: number) => (this.folded?.[i] === name ? 0 : 1);
    hits.sort((a, b) => exact(a) - exact(b) || (this.weight[b] as number) - (this.weight[a] as number) || (this.names[a] as string).localeCompare(this.names[b] as string));
    return hits.slice(0, limit).map((i) => this.town(i));
  }

  /**
   * The map's town names for a view: the largest towns inside the box, largest first, each at least
   * `spacing` degrees (of latitude, or of longitude shrunk by its cosine) from a larger one taken, at
   * most `limit`. Reads only the box's cells; a box across the antimeridian has west > east.
   */
  townsIn(box: { west: number; south: number; east: number; north: number }, limit: number, spacing: number): Town[] {
    const inside: number[] = [];
    const span = box.east - box.west;
    const width = span >= 360 ? 360 : ((span % 360) + 360) % 360;
    const columns = Math.min(360, Math.floor(box.west + width) - Math.floor(box.west) + 1);
    for (let r = row(box.south); r <= row(box.north); r++) {
      for (let k = 0; k < columns; k++) {
        const cell = r * 360 + column(box.west + k);
        for (let j = this.start[cell] as number; j < (this.start[cell + 1] as number); j++) {
          const i = this.order[j] as number;
          const lat = this.lat[i] as number;
          const east = ((((this.lng[i] as number) - box.west) % 360) + 360) % 360;
          if (lat >= box.south && lat <= box.north && east <= width) inside.push(i);
        }
      }
    }
    const rank = this.table.rank;
    inside.sort((a, b) => (rank[b] as number) - (rank[a] as number) || (this.names[a] as string).localeCompare(this.names[b] as string));
    const taken: number[] = [];
    for (const i of inside) {
      if (taken.length >= limit) break;
      const lat = this.lat[i] as number;
      const shrink = Math.cos((lat * Math.PI) / 180);
      const clear = taken.every((t) => {
        const dLng = Math.abs((((this.lng[t] as number) - (this.lng[i] as number) + 540) % 360) - 180) * shrink;
        return Math.hypot((this.lat[t] as number) - lat, dLng) >= spacing;
      });
      if (clear) taken.push(i);
    }
    return taken.map((i) => this.town(i));
  }

  private town(i: number): Town {
    const [region, countryIndex] = this.table.regions[this.region[i] as number] ?? ['', -1];
    const [cc, country] = this.table.countries[countryIndex] ?? [];
    return { name: this.names[i] as string, ...(region ? { region } : {}), ...(country ? { country, cc } : {}), lat: this.lat[i] as number, lng: this.lng[i] as number };
  }

  /** The town (within TOWN_KM), region and country of a point; nothing farther than COUNTRY_KM from every town. */
  name(lat: number, lng: number): Omit<PlaceName, 'at' | 'v'> {
    const hit = this.nearest(lat, lng);
    if (!hit) return {};
    const [region, countryIndex] = this.table.regions[this.region[hit.town] as number] ?? ['', -1];
    const [cc, country] = this.table.countries[countryIndex] ?? [];
    return {
      ...(hit.km <= TOWN_KM ? { town: this.names[hit.town] } : {}),
      ...(region ? { region } : {}),
      ...(country ? { country, cc } : {}),
    };
  }
}

let loaded: Promise<Gazetteer> | undefined;

/** The bundled gazetteer, a chunk of its own: loaded on first use. */
export function gazetteer(): Promise<Gazetteer> {
  loaded ??= import('virtual:shoebox-gazetteer').then((m) => new Gazetteer(m.default as GazetteerTable));
  return loaded;
}

import { describe, expect, it } from 'vitest';
import { FILTER_KEYS, parseQuery, queryText, searchLink, type Term } from '../../src/search/parse';

const filter = (key: string, values: string[], extra: Partial<Term> = {}) => ({ kind: 'filter', key, values, op: '=', negated: false, ...extra });
const only = (query: string) => {
  const parsed = parseQuery(query);
  expect(parsed.errors).toEqual([]);
  return parsed.terms;
};

describe('search language: parser', () => {
  it('free words, lower-cased; quoted words stay together', () => {
    expect(only('Beach  sunset')).toEqual([{ kind: 'word', text: 'beach', negated: false }, { kind: 'word', text: 'sunset', negated: false }]);
    expect(only('"New York" -rain')).toEqual([{ kind: 'word', text: 'new york', negated: false }, { kind: 'word', text: 'rain', negated: true }]);
    expect(only('   ')).toEqual([]);
  });

  it('quoted values, negation and OR within a filter', () => {
    expect(only('person:"Ann Lee"')).toEqual([filter('person', ['ann lee'])]);
    expect(only('-label:dog')).toEqual([filter('label', ['dog'], { negated: true })]);
    expect(only('label:cat|dog|cat')).toEqual([filter('label', ['cat', 'dog'])]);
    expect(only('person:"Ann Lee"|"Bo Chen"')).toEqual([filter('person', ['ann lee', 'bo chen'])]);
    expect(only('LABEL:Cat')).toEqual([filter('label', ['cat'])]);
  });

  it('every filter the issue lists is known, and takes a valid value', () => {
    const valid: Record<string, string> = {
      label: 'cat', category: 'animal', person: 'ann', year: '2019', month: 'march', day: '14', before: '2020-01-01', after: '2019-07',
      camera: 'canon', lens: '50mm', color: 'red', mono: 'true', favorite: 'yes', private: 'false', portrait: 'true', panorama: 'no',
      folder: '2019/holiday', filename: 'img_01', type: 'png', lat: '52.5', lng: '-13.4', dist: '10', near: 'berlin', album: 'summer',
      keywords: 'family', title: 'wedding', rating: '4', damaged: 'true', missing: 'false', duration: '>30', archived: 'true',
      place: '"new york"', country: 'pt', similar: '3f2a9c01bb47', area: '38.5,-9.6,41.2,-8.5',
    };
    expect(Object.keys(valid).sort()).toEqual([...FILTER_KEYS].sort());
    for (const [key, value] of Object.entries(valid)) {
      const parsed = parseQuery(`${key}:${value}`);
      expect([key, parsed.errors]).toEqual([key, []]);
      expect(parsed.terms[0]).toMatchObject({ kind: 'filter', key });
    }
  });

  it('normalises values: month names, booleans, jpg, gray', () => {
    expect(only('month:Mar month:12')).toEqual([filter('month', ['3']), filter('month', ['12'])]);
    expect(only('mono:yes favorite:0')).toEqual([filter('mono', ['true']), filter('favorite', ['false'])]);
    expect(only('type:JPG color:gray')).toEqual([filter('type', ['jpeg']), filter('color', ['grey'])]);
  });

  it('comparisons for rating and year only', () => {
    expect(only('rating:>=4 year:<2000')).toEqual([filter('rating', ['4'], { op: '>=' }), filter('year', ['2000'], { op: '<' })]);
    expect(parseQuery('label:>cat').errors[0]?.message).toContain('cannot be compared');
  });

  it('unknown keys and bad values become readable errors; the rest of the query still counts', () => {
    const parsed = parseQuery('cat colour:red year:19 rating:9 before:2019-13-01 color:octarine label: banana:1');
    expect(parsed.terms).toEqual([{ kind: 'word', text: 'cat', negated: false }]);
    expect(parsed.errors.map((e) => e.token)).toEqual(['colour:red', 'year:19', 'rating:9', 'before:2019-13-01', 'color:octarine', 'label:', 'banana:1']);
    expect(parsed.errors[0]?.message).toBe('Unknown filter “colour:”. Did you mean color:?');
    // Nothing close: every filter is listed.
    expect(parsed.errors[6]?.message).toMatch(/^Unknown filter “banana:”\. Filters: label: category: person:/);
    expect(parsed.errors[1]?.message).toBe('year: wants a year such as 2019, not “19”.');
    expect(parsed.errors[2]?.message).toBe('rating: wants 0–5 stars, not “9”.');
    expect(parsed.errors[5]?.message).toBe('label: wants a value.');
  });

  it('round-trips: the text of the terms parses to the same terms (chips, URL)', () => {
    for (const q of ['person:"Ann Lee"|bo -label:dog rating:>=4 "new york" summer 2019', 'color:red|blue -mono:true after:2019-07']) {
      const terms = only(q);
      expect(parseQuery(queryText(terms)).terms).toEqual(terms);
    }
  });

  it('links a query as the library view reads it; an empty one to the timeline', () => {
    expect(searchLink('  ')).toBe('#/');
    expect(searchLink(' pet -label:cat ')).toBe('#/?q=pet%20-label%3Acat');
  });

  it('parses duration: with comparisons, clock times and OR; type: knows image, raw, video and live', () => {
        expect(only('duration:>30')).toEqual([filter('duration', ['30'], { op: '>' })]);
    expect(only('duration:<=1:30')).toEqual([filter('duration', ['90'], { op: '<=' })]);
    expect(only('duration:12|45s')).toEqual([filter('duration', ['12', '45'])]);
    expect(parseQuery('duration:long').errors[0]?.message).toBe('duration: wants seconds (30, or 1:30), not “long”.');
    expect(parseQuery('type:live type:image type:raw type:video').errors).toEqual([]);
    expect(parseQuery('label:>cat').errors[0]?.message).toContain('only rating:, year: and duration: can');
  });
});

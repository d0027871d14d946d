import { fit, teach, scoreOf, unitVector } from '../../src/catalog/teach';
import { EMBEDDING_VERSION } from '../../src/catalog/embedding-repo';
import type { Probed } from './labels';

/** The subject taught: face-api's six demo photos, one evening with the same friends in the same flat. */
const SUBJECT = /^party-/;
const EXAMPLES = 3;
/** Proposals a simulated review answers at most. */
const REVIEW = 8;

/** Every way to pick `k` of `items`. */
function choose<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => choose(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * "Teach a label…" (catalog/teach.ts) on the labels' evaluation set, from the vectors its probes
 * made: taught from every three of the subject's six photos, with nothing answered yet, the other
 * three held back among the rest of the set. recall_at_k: of the held-back photos, those among
 * the first k proposals. suggested: the photos the learned threshold gives the label to without a
 * review (the held-back found, the others wrongly). later: the threshold after a review, on a
 * picture it never saw. fit_ms: one fit, as after each answer, with 300 photos of the library (the
 * app's sample).
 */
export function teachFigures(probed: readonly Probed[]): Record<string, unknown> | undefined {
  const photos = probed.map((p) => ({ id: p.picture.id, x: unitVector(p.tile.embedding.v, p.tile.embedding.s) }));
  const subject = photos.filter((p) => SUBJECT.test(p.id));
  if (subject.length <= EXAMPLES) return undefined;
  let found5 = 0;
  let found20 = 0;
  let held = 0;
  let suggestedRight = 0;
  let suggestedWrong = 0;
  let others = 0;
  const queries = choose(subject, EXAMPLES);
  for (const yes of queries) {
    const rest = photos.filter((p) => !yes.includes(p));
    const model = teach({ yes: yes.map((p) => p.x), no: [], rest: rest.map((p) => p.x) }, rest.map((p) => p.x), EMBEDDING_VERSION);
    const ranked = rest.map((p) => ({ p, s: scoreOf(model, p.x) })).sort((a, b) => b.s - a.s);
    const isHeld = (p: (typeof photos)[number]) => SUBJECT.test(p.id);
    held += rest.filter(isHeld).length;
    found5 += ranked.slice(0, 5).filter((r) => isHeld(r.p)).length;
    found20 += ranked.slice(0, 20).filter((r) => isHeld(r.p)).length;
    for (const r of ranked) {
      if (r.s < model.threshold) continue;
      if (isHeld(r.p)) suggestedRight++;
      else suggestedWrong++;
    }
    others += rest.filter((p) => !isHeld(p)).length;
  }
  // A review, then a photo added later: each picture in turn is left out of the library, the label
  // taught from three of the subject's other photos and a review that answers the proposals (up to
  // REVIEW of them) until every other photo of the subject is found; then the left-out picture
  // is scored against the learned threshold, which never saw it.
  const later = { found: 0, of: 0, wrong: 0, others: 0, answered: 0 };
  for (const out of photos) {
    const library = photos.filter((p) => p !== out);
    const own = library.filter((p) => SUBJECT.test(p.id));
    const yes = own.slice(0, EXAMPLES);
    const no: typeof library = [];
    for (let k = 0; k < REVIEW && !own.every((p) => yes.includes(p)); k++) {
      const open = library.filter((p) => !yes.includes(p) && !no.includes(p));
      const model = fit({ yes: yes.map((p) => p.x), no: no.map((p) => p.x), rest: open.map((p) => p.x) });
      const next = open.sort((a, b) => scoreOf(model, b.x) - scoreOf(model, a.x))[0] as (typeof photos)[number];
      (SUBJECT.test(next.id) ? yes : no).push(next);
      later.answered++;
    }
    const rest = library.filter((p) => !yes.includes(p) && !no.includes(p)).map((p) => p.x);
    const model = teach({ yes: yes.map((p) => p.x), no: no.map((p) => p.x), rest }, rest, EMBEDDING_VERSION);
    const given = scoreOf(model, out.x) >= model.threshold;
    if (SUBJECT.test(out.id)) {
      later.of++;
      if (given) later.found++;
    } else {
      later.others++;
      if (given) later.wrong++;
    }
  }
  const library = Array.from({ length: 300 }, (_, i) => (photos[i % photos.length] as (typeof photos)[number]).x);
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    fit({ yes: subject.slice(0, EXAMPLES).map((p) => p.x), no: [], rest: library });
    times.push(performance.now() - t0);
  }
  return {
    library: photos.length,
    subject_photos: subject.length,
    queries: queries.length,
    recall_at_5: round(found5 / held),
    recall_at_20: round(found20 / held),
    suggested: { recall: round(suggestedRight / held), wrong_rate: round(suggestedWrong / others), wrong: suggestedWrong, of: others },
    later: { ...later, answered: round(later.answered / photos.length, 1) },
    fit_ms: round(times.sort((a, b) => a - b)[4] as number, 1),
    what: "taught from every 3 of face-api's 6 photos of one evening (nothing answered yet), the other 3 held back among the labels' evaluation set (real photographs and drawn pictures); recall_at_k: held-back photos among the first k proposals; suggested: given the label by the learned threshold without a review (recall of the held back; wrong_rate over the other pictures); later: each picture left out in turn, the label taught from 3 of the subject's other photos and a review answering up to 8 proposals (answered: on average), then the left-out picture scored: found of the subject's, wrong of the others; fit_ms: one fit with 300 library photos, as after each answer",
  };
}

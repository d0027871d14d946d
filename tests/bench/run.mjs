// `npm run bench [-- --quick | --shape] [--calibrate] [--only=NAME]`: builds the app, runs the benchmark in Debian's Chromium, prints one
// JSON document to stdout (everything else goes to stderr) and leaves it in bench/results.json.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const quick = process.argv.includes('--quick');
// --shape: --quick on the least data that still gives every key, and a check that every key is
// there (a number where a figure is expected): how a change to the bench, or to what it drives, is
// checked. About four minutes here.
const shape = process.argv.includes('--shape');
const skipBuild = process.argv.includes('--skip-build');
// --calibrate: the label bars are calibrated on the evaluation set's tune split and written to models/label-thresholds.json.
const calibrate = process.argv.includes('--calibrate');
// --only=NAME: run only the bench tests whose title contains NAME (e.g. --only=labels).
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const run = (args) => spawnSync('npx', args, { stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, BENCH_QUICK: shape ? 'shape' : quick ? '1' : '0', BENCH_CALIBRATE: calibrate ? '1' : '0' } });

rmSync('bench/results.json', { force: true });
if (!skipBuild && run(['vite', 'build', '--logLevel', 'warn']).status !== 0) process.exit(1);
const bench = run(['playwright', 'test', '-c', 'tests/bench/playwright.config.ts', ...(only ? ['-g', only] : [])]);
if (bench.status !== 0) {
  console.error('bench failed');
  process.exit(1);
}
// similar.recall_at_5 (and mAP): the stored vectors' retrieval on the labelled set of real photos, in Node (models/SIMILAR.md).
if (!only || 'similar'.includes(only)) {
  const evaluated = spawnSync('node', ['tests/bench/similar-eval.mjs', 'wasm', '--json'], { stdio: ['ignore', 'pipe', process.stderr], encoding: 'utf8' });
  if (evaluated.status !== 0) {
    console.error('similar-eval failed');
    process.exit(1);
  }
  const doc = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  const figures = JSON.parse(evaluated.stdout.trim().split('\n').pop());
  doc.similar = { ...doc.similar, recall_at_5: figures.recall_at_5, mAP: figures.mAP, retrieval: { ...figures, what: 'CenterNet head vectors as stored (int8), each of the labelled real photos a query for the others of its class or scene (tests/bench/similar-eval.mjs)' } };
  writeFileSync('bench/results.json', `${JSON.stringify(doc, null, 2)}\n`);
}
process.stdout.write(readFileSync('bench/results.json', 'utf8'));
if (shape) {
  const problems = missingKeys(JSON.parse(readFileSync('bench/results.json', 'utf8')));
  if (problems.length) {
    console.error(`✘ bench --shape: missing or wrong: ${problems.join(', ')}`);
    process.exit(1);
  }
  console.error('✓ bench --shape printed every expected key');
}

/** The keys the bench's JSON must have (its figures are not judged): what is missing or not a number. */
function missingKeys(doc) {
  const problems = [];
  const backend = doc.machine?.tfjs_backend;
  if (typeof doc.machine?.cores !== 'number') problems.push('machine.cores');
  if (typeof doc.machine?.chromium !== 'string') problems.push('machine.chromium');
  if (typeof backend !== 'string') problems.push('machine.tfjs_backend');
  for (const model of ['centernet', 'nsfw_mobilenet_v2', 'faces']) {
    if (typeof doc.inference?.[model]?.[`${backend}_ms`] !== 'number') problems.push(`inference.${model}.${backend}_ms`);
  }
  const numbers = ['thumbnail.ms_12mp', 'thumbnail.ms_24mp', 'thumbnail.ms_12mp_turned', 'indexing.photos_per_s', 'indexing.photos_per_s_worst', 'indexing.photos_per_s_steady', 'indexing.photos_per_s_steady_worst', 'indexing.cpu_ms_per_photo', 'indexing.longest_task_ms',
    ...['read', 'hash', 'sniff', 'exif', 'decode', 'resize_preview', 'resize_tile', 'encode_preview', 'encode_tile', 'phash', 'detector', 'nsfw', 'face_detect', 'face_landmarks', 'face_descriptor'].map((stage) => `indexing.stages_ms.${stage}`),
    'indexing.worker_busy.imaging_1', 'indexing.worker_busy.vision_1', 'indexing.raw_preview_ms', 'indexing.video_poster_ms', 'first_tile_ms', 'search.median_ms', 'search.p95_ms', 'search.settled.p95_ms', 'search.reopened.p95_ms', 'search.reopened.saved_mb', 'grid.dom_nodes', 'grid.longest_task_ms', 'memory.peak_mb', 'memory.peak_mb_with_256mb_video', 'backup.export_s', 'backup.import_s', 'backup.peak_mb', 'backup.small.peak_mb', 'backup.peak_ratio', 'duplicates.precision', 'duplicates.recall', 'organise.select_all_ms', 'organise.batch_10k_ms',
    'labels.recall', 'labels.precision', 'labels.before.recall', 'labels.before.precision', 'labels.detector_ms', 'faces.pairs', 'faces.wrong_pairs', 'faces.right_pairs', 'nsfw.false_positives', 'similar.p95_ms', 'similar.recall_at_5', 'similar_100k.p95_ms'];
  // vips is optional (libvips-tools): its figures are there exactly when it is installed.
  if (doc.thumbnail?.vips !== 'not installed') numbers.push('thumbnail.vips_ms_24mp', 'thumbnail.vips_ratio', 'thumbnail.ssim', 'thumbnail.ssim_stored');
  // The bench makes its HEICs with heif-enc (libheif-examples), vips and exiftool: where they are.
  if (['heif-enc', 'vips', 'exiftool'].every((tool) => spawnSync('which', [tool]).status === 0)) numbers.push('indexing.heic_ms');
  if (!Array.isArray(doc.labels?.worst)) problems.push('labels.worst');
  if (typeof doc.backends?.agree !== 'boolean') problems.push('backends.agree');
  for (const key of numbers) {
    const value = key.split('.').reduce((o, k) => o?.[k], doc);
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(key);
  }
  return problems;
}

import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { importFolder, searchFor, tileNames } from './helpers';

/** The videos tests/fixtures/make-video.mjs makes with ffmpeg from real photographs. */
const VIDEOS = ['clip-h264.mp4', 'clip-iphone.mov', 'clip-vp9.webm', 'clip-hevc.mp4', 'clip-mjpeg.avi'];
const FILES = VIDEOS.map((name) => ({ path: `Phone/${name}`, data: readFileSync(`tests/fixtures/video/${name}`) }));
const HEVC_REASON = 'HEVC (H.265) video: this browser cannot decode it; the file is listed with its date and place.';
const AVI_REASON = 'AVI video (Motion JPEG): browsers cannot play AVI files; the file is listed with its first frame, length and date.';

test('videos: posters, durations, dates with zones and places, search, playback; an undecodable codec and an AVI listed with their reasons and originals', async ({ page }) => {
  test.setTimeout(120_000);
  await importFolder(page, FILES, 5);

  // Every video is a tile, named with its kind and length, with a duration badge.
  await expect.poll(async () => (await tileNames(page)).sort()).toEqual(['clip-h264.mp4, video, 0:02', 'clip-hevc.mp4, video, 0:03', 'clip-iphone.mov, video, 0:02', 'clip-mjpeg.avi, video, 0:02', 'clip-vp9.webm, video, 0:02']);
  const grid = page.getByRole('list', { name: 'Photos' });
  await expect(grid.getByText('0:02', { exact: true })).toHaveCount(4);
  await expect(grid.getByText('0:03', { exact: true })).toHaveCount(1);
  // Decoded videos have a poster with the photograph in it (hundreds of colours), the AVI its first
  // frame (a JPEG); the HEVC one a flat stand-in (its play mark's soft edges add a few).
  const spread = (name: string) => grid.getByRole('img', { name }).evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add(((data[i] as number) >> 4) * 256 + ((data[i + 1] as number) >> 4) * 16 + ((data[i + 2] as number) >> 4));
    return seen.size;
  });
  for (const name of ['clip-h264.mp4, video, 0:02', 'clip-iphone.mov, video, 0:02', 'clip-vp9.webm, video, 0:02', 'clip-mjpeg.avi, video, 0:02']) expect(await spread(name), name).toBeGreaterThan(100);
  expect(await spread('clip-hevc.mp4, video, 0:03')).toBeLessThan(40);

  // Only the HEVC video and the AVI are under Problems, each with its reason, and both are still in the timeline.
  await page.getByText(/^Problems \(/).click();
  const problems = page.getByRole('table', { name: 'Problems' });
  await expect(problems.getByRole('row')).toHaveCount(3);
  await expect(problems.getByRole('row').filter({ hasText: 'Phone/clip-hevc.mp4' })).toContainText(HEVC_REASON);
  await expect(problems.getByRole('row').filter({ hasText: 'Phone/clip-mjpeg.avi' })).toContainText(AVI_REASON);

  // The iPhone MOV: its local date with its zone, its place, its camera, upright size and codec.
  const info = page.getByRole('complementary', { name: 'Photo information' });
  await grid.getByRole('img', { name: 'clip-iphone.mov, video, 0:02' }).click();
  await expect(info).toContainText(/Jul 14, 2019.*6:30\s?PM \(UTC\+02:00\)/);
  await expect(info).toContainText('38.72230, -9.13930, 10 m');
  await expect(info).toContainText('iPhone 12');
  await expect(info).toContainText('240 × 320');
  await expect(info).toContainText('0:02 · H.264 · 15 fps');
  await page.keyboard.press('Escape');

  // The MP4 plays from the folder: the <video> streams the original.
  await grid.getByRole('img', { name: 'clip-h264.mp4, video, 0:02' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer.getByRole('status')).toHaveText('Original');
  const player = viewer.getByLabel('Video: clip-h264.mp4');
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => ({ playing: v.currentTime > 0, ready: v.readyState >= 2 }))).toEqual({ playing: true, ready: true });
  await expect(info).toContainText('(UTC+00:00)');
  await page.keyboard.press('Escape');

  // The HEVC video: listed with its date and place, its poster a stand-in, why it cannot play, no
  // broken player, and its original to download, byte for byte, from the folder.
  await grid.getByRole('img', { name: 'clip-hevc.mp4, video, 0:03' }).click();
  await expect(info).toContainText(/May 20, 2022/);
  await expect(info).toContainText('48.85840, 2.29450');
  await expect(viewer.getByRole('note')).toHaveText('HEVC (H.265) video: this browser cannot play it. Download the original to play it in another player.');
  await expect(viewer.locator('video')).toHaveCount(0);
  await expect(viewer.getByRole('status')).toHaveText('Preview');
  const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('link', { name: 'Download original' }).click()]);
  expect(download.suggestedFilename()).toBe('clip-hevc.mp4');
  expect(readFileSync(await download.path()).equals(readFileSync('tests/fixtures/video/clip-hevc.mp4'))).toBe(true);
  await page.keyboard.press('Escape');

  // The AVI (Motion JPEG, as compact cameras recorded): its length, size, frame rate, codec, date
  // from its RIFF headers, its first frame as the poster, and its original to download.
  await grid.getByRole('img', { name: 'clip-mjpeg.avi, video, 0:02' }).click();
  await expect(info).toContainText(/Aug 21, 2005/);
  await expect(info).toContainText('0:02 · Motion JPEG · 10 fps');
  await expect(info).toContainText('320 × 240');
  await expect(viewer.getByRole('note')).toHaveText('AVI video (Motion JPEG): browsers cannot play AVI files. Download the original to play it in another player.');
  await expect(viewer.getByRole('link', { name: 'Download original' })).toHaveAttribute('download', 'clip-mjpeg.avi');
  await page.keyboard.press('Escape');

  // The WebM: its date from Matroska's DateUTC (the demuxer does not read it).
  await grid.getByRole('img', { name: 'clip-vp9.webm, video, 0:02' }).click();
  await expect(info).toContainText(/Mar 15, 2020/);
  await page.keyboard.press('Escape');

  // Search: by type, by length, and by the words people use.
  const all = ['clip-h264.mp4, video, 0:02', 'clip-hevc.mp4, video, 0:03', 'clip-iphone.mov, video, 0:02', 'clip-mjpeg.avi, video, 0:02', 'clip-vp9.webm, video, 0:02'];
  expect(await searchFor(page, 'type:video')).toEqual(all);
  expect(await searchFor(page, 'duration:>1')).toEqual(all);
  expect(await searchFor(page, 'duration:>2.5')).toEqual(['clip-hevc.mp4, video, 0:03']);
  expect(await searchFor(page, 'movie')).toEqual(all);
});

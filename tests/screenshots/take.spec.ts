import { expect, test } from '@playwright/test';

// The README's screenshots (docs/screenshots/) and the web manifest's (public/screenshots/), all of
// the demo library: `npm run screenshots` makes them again after a change to the look.

const readme = (name: string) => `docs/screenshots/${name}.png`;
const manifest = (name: string) => `public/screenshots/${name}.png`;

test('the demo, the viewer, the map, the calendar and a person page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toBeVisible({ timeout: 120_000 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus ring on the button
  await page.screenshot({ path: manifest('library') });

  await page.getByRole('button', { name: 'wine.jpg' }).click();
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText('Original');
  await page.screenshot({ path: manifest('viewer') });

  // Name the woman who is in both party photos, and show her page.
  await page.getByRole('dialog').getByRole('button', { name: 'Faces' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await page.getByRole('list', { name: 'People' }).getByRole('link').filter({ hasText: '2 photos' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Jess');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('heading', { name: 'Jess' })).toBeVisible();
  await page.locator('main img').last().waitFor();
  await page.screenshot({ path: readme('person') });

  await page.getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('navigation', { name: 'Years' }).getByRole('button').first()).toBeVisible();
  await page.waitForTimeout(500); // covers
  await page.screenshot({ path: readme('calendar') });

  await page.getByRole('link', { name: 'Places' }).click();
  await expect(page.locator('canvas')).toBeVisible();
  await page.waitForTimeout(3000); // the map's first frames
  await page.screenshot({ path: readme('map') });
});

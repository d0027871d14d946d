/**
 * When nsfwjs's scores make a photo private. Deliberately conservative: on ordinary, clothed party
 * photos (the samples that ship with @vladmandic/face-api) MobileNetV2 gave Porn 0.46–0.75, so a
 * lower bar would hide a family's birthday pictures. The person can always mark a photo private
 * (or not) themselves; that choice wins.
 */
export const NSFW_RULE = { porn: 0.9, hentai: 0.9, explicitSum: 0.95, sexy: 0.97 } as const;

export function isNsfw(scores: Record<string, number> | undefined): boolean {
  if (!scores) return false;
  const porn = scores.Porn ?? 0;
  const hentai = scores.Hentai ?? 0;
  return porn >= NSFW_RULE.porn || hentai >= NSFW_RULE.hentai || porn + hentai >= NSFW_RULE.explicitSum || (scores.Sexy ?? 0) >= NSFW_RULE.sexy;
}

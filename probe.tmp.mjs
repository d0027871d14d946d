import { chromium } from 'playwright';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-swiftshader'] });
const p = await b.newPage();
await p.goto('http://127.0.0.1:1/').catch(() => {});
await p.setContent('<p>x</p>');
console.log(await p.evaluate(async () => {
  const out = { secure: isSecureContext, vd: typeof VideoDecoder };
  for (const codec of ['avc1.64001e', 'avc1.42E01E', 'hvc1.1.6.L63.90', 'hev1.1.6.L93.B0', 'vp09.00.10.08', 'vp8', 'av01.0.04M.08', 'mp4v.20.9']) {
    try { out[codec] = (await VideoDecoder.isConfigSupported({ codec })).supported; } catch (e) { out[codec] = String(e); }
  }
  const v = document.createElement('video');
  out.canPlay = { h264: v.canPlayType('video/mp4; codecs="avc1.42E01E"'), hevc: v.canPlayType('video/mp4; codecs="hvc1.1.6.L93.B0"'), vp9: v.canPlayType('video/webm; codecs="vp9"') };
  return out;
}));
await b.close();

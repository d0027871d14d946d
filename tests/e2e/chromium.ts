/** Debian's Chromium, never a downloaded browser, with the flags measured to work here (docs/PLATFORM.md). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  // Chromium no longer falls back to SwiftShader for WebGL on its own: this machine has no GPU.
  '--enable-unsafe-swiftshader',
];

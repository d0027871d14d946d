/** Debian's Chromium, never a downloaded browser, with the flags measured to work here (docs/PLATFORM.md). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The features Playwright disables itself (its `chromiumSwitches.ts`). Chromium reads only the last
 * `--disable-features` switch (measured: two switches do not add up), and ours comes after
 * Playwright's, so it must repeat them. A unit test (tests/unit/chromium-args.test.ts) fails when
 * Playwright's list changes.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Headless Chromium 156 still builds its browser window's WebUI omnibox popup: a renderer of its
 * own, started for every new window (every test's context). Measured with three contexts, each
 * opening one page: 1.5–1.9 s of CPU in that renderer and about 1 s more in the browser process,
 * none of it needed by a page under test. These four together stop it (fewer did not, or not
 * every time).
 */
const NO_TOP_CHROME_WEBUI = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup', 'PreloadTopChromeWebUI'];

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
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...NO_TOP_CHROME_WEBUI].join(',')}`,
];

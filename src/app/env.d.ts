/** The build's identity (vite.config.ts `define`): shown in Settings, differs per deployment. */
declare const __SHOEBOX_BUILD__: string;

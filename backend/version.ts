import fs from 'node:fs';

/** The app version from package.json, read once. */
export const APP_VERSION: string = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

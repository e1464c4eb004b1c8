// Electron's entry point. main.ts is TypeScript; tsx compiles it on load, as bin/coldstart.mjs
// does for the CLI. The import is awaited so the scheme registration in main.ts runs before
// Electron emits `ready` (an un-awaited dynamic import would race it).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');

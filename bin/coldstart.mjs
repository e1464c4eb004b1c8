#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on load, so `npx coldstart` works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/cli.ts');

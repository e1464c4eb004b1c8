/**
 * Workspace flag settings: stored overrides merged over the defaults, and the version string
 * stored with each sample's flags. The version covers the detector code and the settings, so
 * changing a threshold makes every sample's stored flags stale and the background pass redoes them.
 */
import { DETECTOR_VERSION, defaultFlagSettings, type FlagSettings } from './index.ts';

const KEYS = Object.keys(defaultFlagSettings) as Array<keyof FlagSettings>;

/** Defaults with every stored key that has the default's type; anything else is ignored. */
export function mergeFlagSettings(stored: unknown): FlagSettings {
  const out: FlagSettings = { ...defaultFlagSettings };
  if (!stored || typeof stored !== 'object') return out;
  const record = stored as Record<string, unknown>;
  for (const key of KEYS) {
    const value = record[key];
    if (typeof value === typeof defaultFlagSettings[key] && (typeof value !== 'number' || Number.isFinite(value))) {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/** FNV-1a of the settings in a fixed key order, as 8 hex digits. */
export function settingsHash(settings: FlagSettings): string {
  const canonical = JSON.stringify(KEYS.map((k) => [k, settings[k]]));
  let h = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) h = Math.imul(h ^ canonical.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * What a sample's `flagged_version` must equal for its flags to be current. Default settings
 * keep the plain detector version, so workspaces flagged before settings existed stay current.
 */
export function flagsVersion(settings: FlagSettings): string {
  const hash = settingsHash(settings);
  return hash === DEFAULT_HASH ? DETECTOR_VERSION : `${DETECTOR_VERSION}+${hash}`;
}

const DEFAULT_HASH = settingsHash(defaultFlagSettings);

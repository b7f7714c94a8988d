/**
 * The chat platforms kilas knows, one module per folder. Adding a platform is one folder under
 * src/platforms/ and one line here (docs/architecture.md, "Adding a platform"); the configuration,
 * the pacer, the app and `kilas digest --format` all read this list.
 */
import type { PlatformLimits } from '../bot/pacer.ts';
import { consolePlatform } from './console/index.ts';
import { discord } from './discord/index.ts';
import type { AnyPlatformModule } from './module.ts';
import { telegram } from './telegram/index.ts';

/** Every platform module, in the order configuration lists their variables. */
export const PLATFORMS: readonly AnyPlatformModule[] = [telegram, discord, consolePlatform];

/** The module named `name`, or undefined: a stored subscription of an unknown platform is never delivered. */
export function platformNamed(name: string, platforms: readonly AnyPlatformModule[] = PLATFORMS): AnyPlatformModule | undefined {
  return platforms.find((p) => p.name === name);
}

/** Each platform's sending limits, for the shared pacer. */
export function platformLimits(platforms: readonly AnyPlatformModule[] = PLATFORMS): Record<string, PlatformLimits> {
  return Object.fromEntries(platforms.map((p) => [p.name, p.limits]));
}

/**
 * Process roles of a split deployment (`kilas start --role …`): `bot` answers commands on Telegram
 * and Discord (one per bot token: Telegram allows one long-polling consumer), `poller` polls feeds
 * and fetches article pages, `delivery` sends the due daily digests. Without `--role` one process
 * does all three, as before. Several pollers and deliverers share their work through the database
 * (docs/decisions/shared-work.md).
 */
import { UsageError } from './errors.ts';

/** The roles, in the order `--help` names them. */
export const ROLES = ['bot', 'poller', 'delivery'] as const;

export type Role = (typeof ROLES)[number];

/** Every role: a plain `kilas start`. */
export const ALL_ROLES: ReadonlySet<Role> = new Set(ROLES);

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * The roles `--role` asks for: one role, or several joined by commas (`poller,delivery`);
 * undefined means every role.
 * @throws UsageError naming the bad value and the valid ones.
 */
export function parseRoles(value: string | undefined): ReadonlySet<Role> {
  if (value === undefined) return ALL_ROLES;
  const parts = value.split(',').map((p) => p.trim().toLowerCase());
  const bad = parts.filter((p) => !isRole(p));
  if (parts.length === 0 || bad.length > 0 || parts.some((p) => p === '')) {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    throw new UsageError(`--role ${shown} is not a role: use ${ROLES.join(', ')} (or several joined by commas)`);
  }
  return new Set(parts.filter(isRole));
}

/** The roles as written in logs and `/healthz`: "bot,poller,delivery". */
export function describeRoles(roles: ReadonlySet<Role>): string {
  return ROLES.filter((r) => roles.has(r)).join(',');
}

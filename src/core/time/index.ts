/**
 * The time room's door: time arithmetic: wall clocks in IANA zones, and the instant an article sorts and windows by.
 * Code outside this folder imports only this file.
 */
export { articleInstantMs, boundMs, startOfDayMs } from './instants.ts';
export { utcOffsetMs, wallClockAt, wallDate, wallTime, zonedToInstant } from './time-zone.ts';

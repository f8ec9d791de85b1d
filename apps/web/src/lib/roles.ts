import type { Role } from '../api/types';

/** Officers and managers keep the station's records; hq reads and exports; admin runs the system. */
export const canEditRecords = (role: Role | undefined): boolean => role === 'officer' || role === 'manager';
export const isManager = (role: Role | undefined): boolean => role === 'manager';
export const canSeeCoverage = (role: Role | undefined): boolean => role === 'manager' || role === 'hq';
export const canExportPersonal = (role: Role | undefined): boolean => role === 'manager' || role === 'hq';

/** Where a user lands after login: the home screen, which shows each role its own sections. */
export function homePath(_role: Role | undefined): string {
  return '/home';
}

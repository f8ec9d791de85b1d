import type { Role } from '../api/types';

/** Officers and managers keep the station's records; hq reads and exports; admin runs the system. */
export const canEditRecords = (role: Role | undefined): boolean => role === 'officer' || role === 'manager';
export const isManager = (role: Role | undefined): boolean => role === 'manager';
export const canSeeCoverage = (role: Role | undefined): boolean => role === 'manager' || role === 'hq';
export const canExportPersonal = (role: Role | undefined): boolean => role === 'manager' || role === 'hq';

export function homePath(role: Role | undefined): string {
  switch (role) {
    case 'hq':
      return '/coverage';
    case 'admin':
      return '/admin/users';
    case 'manager':
      return '/approvals';
    default:
      return '/visits';
  }
}

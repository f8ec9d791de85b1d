import type { Role } from '../api/types';

export interface NavItem {
  to: string;
  labelKey: string;
  children?: NavItem[];
  badge?: 'approvals';
}

const RECORDS: NavItem[] = [
  { to: '/calendar', labelKey: 'nav.calendar' },
  { to: '/organizations', labelKey: 'nav.organizations' },
  { to: '/visits', labelKey: 'nav.visits' },
  { to: '/seminars', labelKey: 'nav.seminars' },
  { to: '/activities', labelKey: 'nav.activities' },
  { to: '/consultations', labelKey: 'nav.consultations' },
  { to: '/partners', labelKey: 'nav.partners' },
  {
    to: '/council',
    labelKey: 'nav.council',
    children: [
      { to: '/council/meetings', labelKey: 'nav.meetings' },
      { to: '/council/follow-ups', labelKey: 'nav.followUps' },
    ],
  },
];

/** The navigation each role sees, the home screen first. Routes are guarded separately; this is what is offered. */
export function navFor(role: Role): NavItem[] {
  return [{ to: '/home', labelKey: 'nav.home' }, ...roleNav(role)];
}

function roleNav(role: Role): NavItem[] {
  switch (role) {
    case 'officer':
      return [
        ...RECORDS,
        { to: '/tasks', labelKey: 'nav.tasks' },
        { to: '/duplicates', labelKey: 'nav.duplicates' },
        { to: '/reports', labelKey: 'nav.reports' },
      ];
    case 'manager':
      return [
        ...RECORDS,
        { to: '/approvals', labelKey: 'nav.approvals', badge: 'approvals' },
        { to: '/tasks', labelKey: 'nav.tasks' },
        { to: '/duplicates', labelKey: 'nav.duplicates' },
        { to: '/workload', labelKey: 'nav.workload' },
        { to: '/coverage', labelKey: 'nav.coverage' },
        { to: '/reports', labelKey: 'nav.reports' },
      ];
    case 'hq':
      return [
        { to: '/coverage', labelKey: 'nav.coverage' },
        { to: '/reports', labelKey: 'nav.reportsHq' },
        { to: '/organizations', labelKey: 'nav.organizationsReadOnly' },
        { to: '/partners', labelKey: 'nav.partners' },
      ];
    case 'admin':
      return [
        { to: '/admin/users', labelKey: 'nav.users' },
        { to: '/admin/stations', labelKey: 'nav.stations' },
        { to: '/admin/code-lists', labelKey: 'nav.codeLists' },
        { to: '/admin/audit', labelKey: 'nav.audit' },
        // admin keeps the strategy tasks (課題一覧) the strategy table is printed from
        { to: '/reports', labelKey: 'nav.reportsHq' },
        { to: '/partners', labelKey: 'nav.partners' },
      ];
  }
}

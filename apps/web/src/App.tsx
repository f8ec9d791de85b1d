import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import type { Role } from './api/types';
import { AuthProvider } from './auth/AuthContext';
import { HomeRedirect, RequireAuth, RequirePendingStep, RequireRole } from './auth/guards';
import { LoginPage } from './auth/LoginPage';
import { NotFoundPage } from './NotFoundPage';
import { Providers } from './Providers';

/**
 * Code-split a named export. Only the login page is in the main chunk: every screen behind it
 * (the layout too) is a chunk of its own, so a phone's first load carries no screen it does not
 * show, and no chart, date-picker or English-strings code (issue 18).
 */
function lazyNamed<M extends Record<string, unknown>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

/** A screen's chunk together with all of Mantine's styles (the login page has only its own). */
const withStyles =
  <M,>(load: () => Promise<M>) =>
  () =>
    Promise.all([import('./mantine-styles'), load()]).then(([, m]) => m);
const loadLayout = withStyles(() => import('./layout/AppLayout'));
const loadVisitsPage = () => import('./features/visits/VisitsPage');
const loadVisitForm = () => import('./features/visits/VisitFormPage');

/**
 * Once the login page has shown and the browser is idle, the officer's everyday screens (layout,
 * visit list, visit form) are fetched ahead, so the step after the login waits for no chunk.
 */
function usePreloadEverydayScreens() {
  useEffect(() => {
    const preload = () =>
      void Promise.all([loadLayout(), loadVisitsPage(), loadVisitForm()]).catch(() => undefined);
    const idle = (cb: () => void) =>
      typeof window.requestIdleCallback === 'function'
        ? window.requestIdleCallback(cb, { timeout: 2000 })
        : window.setTimeout(cb, 200);
    if (document.readyState === 'complete') idle(preload);
    else window.addEventListener('load', () => idle(preload), { once: true });
  }, []);
}

const AppLayout = lazyNamed(loadLayout, 'AppLayout');
const loadAccountSteps = withStyles(() => import('./auth/AccountStepPages'));
const ForcedPasswordChangePage = lazyNamed(loadAccountSteps, 'ForcedPasswordChangePage');
const ForcedMfaSetupPage = lazyNamed(loadAccountSteps, 'ForcedMfaSetupPage');
const OrganizationsPage = lazyNamed(
  () => import('./features/organizations/OrganizationsPage'),
  'OrganizationsPage',
);
const OrganizationNewPage = lazyNamed(
  () => import('./features/organizations/OrganizationNewPage'),
  'OrganizationNewPage',
);
const OrganizationPage = lazyNamed(
  () => import('./features/organizations/OrganizationPage'),
  'OrganizationPage',
);
const ImportPage = lazyNamed(() => import('./features/organizations/ImportPage'), 'ImportPage');
const DuplicatesPage = lazyNamed(() => import('./features/duplicates/DuplicatesPage'), 'DuplicatesPage');
const VisitsPage = lazyNamed(loadVisitsPage, 'VisitsPage');
const VisitNewPage = lazyNamed(loadVisitForm, 'VisitNewPage');
const VisitEditPage = lazyNamed(loadVisitForm, 'VisitEditPage');
const VisitDetailPage = lazyNamed(() => import('./features/visits/VisitDetailPage'), 'VisitDetailPage');
const ApprovalsPage = lazyNamed(() => import('./features/visits/ApprovalsPage'), 'ApprovalsPage');
const loadPlanVisit = () => import('./features/visits/PlanVisitPage');
const VisitPlanNewPage = lazyNamed(loadPlanVisit, 'VisitPlanNewPage');
const VisitPlanEditPage = lazyNamed(loadPlanVisit, 'VisitPlanEditPage');

const SeminarsPage = lazyNamed(() => import('./features/seminars/SeminarPages'), 'SeminarsPage');
const ActivitiesPage = lazyNamed(() => import('./features/activities/ActivitiesPage'), 'ActivitiesPage');
const ActivityNewPage = lazyNamed(() => import('./features/activities/ActivityNewPage'), 'ActivityNewPage');
const ActivityPage = lazyNamed(() => import('./features/activities/ActivityPage'), 'ActivityPage');
const SearchPage = lazyNamed(() => import('./features/search/SearchPage'), 'SearchPage');
const SeminarNewPage = lazyNamed(() => import('./features/seminars/SeminarPages'), 'SeminarNewPage');
const SeminarDetailPage = lazyNamed(() => import('./features/seminars/SeminarPages'), 'SeminarDetailPage');
const PartnersPage = lazyNamed(() => import('./features/partners/PartnerPages'), 'PartnersPage');
const PartnerDetailPage = lazyNamed(() => import('./features/partners/PartnerPages'), 'PartnerDetailPage');
const ConsultationsPage = lazyNamed(
  () => import('./features/consultations/ConsultationPages'),
  'ConsultationsPage',
);
const ConsultationNewPage = lazyNamed(
  () => import('./features/consultations/ConsultationPages'),
  'ConsultationNewPage',
);
const ConsultationDetailPage = lazyNamed(
  () => import('./features/consultations/ConsultationPages'),
  'ConsultationDetailPage',
);
const MeetingsPage = lazyNamed(() => import('./features/council/MeetingPages'), 'MeetingsPage');
const MeetingDetailPage = lazyNamed(() => import('./features/council/MeetingPages'), 'MeetingDetailPage');
const FollowUpBoard = lazyNamed(() => import('./features/council/FollowUpBoard'), 'FollowUpBoard');
const ReportBackPage = lazyNamed(() => import('./features/council/ReportBackPage'), 'ReportBackPage');
const CoveragePage = lazyNamed(() => import('./features/coverage/CoveragePage'), 'CoveragePage');
const ReportsPage = lazyNamed(() => import('./features/reports/ReportsPage'), 'ReportsPage');
const UsersPage = lazyNamed(() => import('./features/admin/UsersPage'), 'UsersPage');
const StationsPage = lazyNamed(() => import('./features/admin/StationsPage'), 'StationsPage');
const CodeListsPage = lazyNamed(() => import('./features/admin/CodeListsPage'), 'CodeListsPage');
const AuditPage = lazyNamed(() => import('./features/admin/AuditPage'), 'AuditPage');
const AccountPage = lazyNamed(() => import('./auth/AccountPage'), 'AccountPage');
const WorkloadPage = lazyNamed(() => import('./features/workload/WorkloadPage'), 'WorkloadPage');
const HomePage = lazyNamed(() => import('./features/home/HomePage'), 'HomePage');
const CalendarPage = lazyNamed(() => import('./features/calendar/CalendarPage'), 'CalendarPage');
const TasksPage = lazyNamed(() => import('./features/tasks/TasksPage'), 'TasksPage');
const NotificationsPage = lazyNamed(
  () => import('./features/notifications/NotificationsPage'),
  'NotificationsPage',
);

const STATION: Role[] = ['officer', 'manager'];
const ORG_READERS: Role[] = ['officer', 'manager', 'hq'];
const COVERAGE: Role[] = ['manager', 'hq'];
const REPORTS: Role[] = ['officer', 'manager', 'hq', 'admin'];
const ADMIN: Role[] = ['admin'];
const AUDIT: Role[] = ['manager', 'hq', 'admin'];
/** every role reads partners; hq and admins keep them (the server's rule) */
const PARTNER_READERS: Role[] = ['officer', 'manager', 'hq', 'admin'];

const only = (roles: Role[], el: ReactNode) => <RequireRole roles={roles}>{el}</RequireRole>;

function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

export function AppRoutes() {
  usePreloadEverydayScreens();
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/account/password-change"
          element={
            <RequirePendingStep path="/account/password-change">
              <ForcedPasswordChangePage />
            </RequirePendingStep>
          }
        />
        <Route
          path="/account/mfa-setup"
          element={
            <RequirePendingStep path="/account/mfa-setup">
              <ForcedMfaSetupPage />
            </RequirePendingStep>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomeRedirect />} />
          {/* the landing page after login, every role (homePath) */}
          <Route path="home" element={<HomePage />} />
          <Route path="calendar" element={only(STATION, <CalendarPage />)} />
          <Route path="organizations" element={only(ORG_READERS, <OrganizationsPage />)} />
          <Route path="organizations/new" element={only(STATION, <OrganizationNewPage />)} />
          <Route path="organizations/import" element={only(STATION, <ImportPage />)} />
          <Route path="duplicates" element={only(STATION, <DuplicatesPage />)} />
          <Route path="organizations/:id" element={only(ORG_READERS, <OrganizationPage />)} />
          <Route path="visits" element={only(STATION, <VisitsPage />)} />
          <Route path="visits/new" element={only(STATION, <VisitNewPage />)} />
          <Route path="visits/plan" element={only(STATION, <VisitPlanNewPage />)} />
          <Route path="visits/:id/plan" element={only(STATION, <VisitPlanEditPage />)} />
          {/* hq reads a visit from an organization's timeline: read only, staff names hidden */}
          <Route path="visits/:id" element={only(ORG_READERS, <VisitDetailPage />)} />
          <Route path="visits/:id/edit" element={only(STATION, <VisitEditPage />)} />
          <Route path="approvals" element={only(['manager'], <ApprovalsPage />)} />
          {/* staffing is not public: the station's managers only, never hq */}
          <Route path="workload" element={only(['manager'], <WorkloadPage />)} />
          <Route path="seminars" element={only(STATION, <SeminarsPage />)} />
          <Route path="seminars/new" element={only(STATION, <SeminarNewPage />)} />
          <Route path="seminars/:id" element={only(STATION, <SeminarDetailPage />)} />
          <Route path="activities" element={only(['officer', 'manager', 'hq'], <ActivitiesPage />)} />
          <Route path="activities/new" element={only(STATION, <ActivityNewPage />)} />
          <Route path="activities/:id" element={only(['officer', 'manager', 'hq'], <ActivityPage />)} />
          <Route path="search" element={only(['officer', 'manager', 'hq'], <SearchPage />)} />
          <Route path="partners" element={only(PARTNER_READERS, <PartnersPage />)} />
          <Route path="partners/:id" element={only(PARTNER_READERS, <PartnerDetailPage />)} />
          <Route path="consultations" element={only(STATION, <ConsultationsPage />)} />
          <Route path="consultations/new" element={only(STATION, <ConsultationNewPage />)} />
          <Route path="consultations/:id" element={only(STATION, <ConsultationDetailPage />)} />
          <Route path="council" element={only(STATION, <MeetingsPage />)} />
          <Route path="council/meetings" element={only(STATION, <MeetingsPage />)} />
          <Route path="council/meetings/:id" element={only(STATION, <MeetingDetailPage />)} />
          <Route path="council/meetings/:id/report-back" element={only(STATION, <ReportBackPage />)} />
          <Route path="council/follow-ups" element={only(STATION, <FollowUpBoard />)} />
          <Route path="coverage" element={only(COVERAGE, <CoveragePage />)} />
          <Route path="reports" element={only(REPORTS, <ReportsPage />)} />
          <Route path="admin/users" element={only(ADMIN, <UsersPage />)} />
          <Route path="admin/stations" element={only(ADMIN, <StationsPage />)} />
          <Route path="admin/code-lists" element={only(ADMIN, <CodeListsPage />)} />
          <Route path="admin/audit" element={only(AUDIT, <AuditPage />)} />
          <Route path="tasks" element={only(STATION, <TasksPage />)} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <Providers>
      <BrowserRouter>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </BrowserRouter>
    </Providers>
  );
}

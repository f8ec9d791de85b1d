import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { HomeRedirect, RequireAuth, RequireRole } from './auth/guards';
import { LoginPage } from './auth/LoginPage';
import { ImportPage } from './features/organizations/ImportPage';
import { OrganizationNewPage } from './features/organizations/OrganizationNewPage';
import { OrganizationPage } from './features/organizations/OrganizationPage';
import { OrganizationsPage } from './features/organizations/OrganizationsPage';
import { ApprovalsPage } from './features/visits/ApprovalsPage';
import { VisitDetailPage } from './features/visits/VisitDetailPage';
import { VisitEditPage, VisitNewPage } from './features/visits/VisitFormPage';
import { VisitsPage } from './features/visits/VisitsPage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { Providers } from './Providers';
import type { Role } from './api/types';

const STATION: Role[] = ['officer', 'manager'];
const ORG_READERS: Role[] = ['officer', 'manager', 'hq'];

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route
          path="organizations"
          element={
            <RequireRole roles={ORG_READERS}>
              <OrganizationsPage />
            </RequireRole>
          }
        />
        <Route
          path="organizations/new"
          element={
            <RequireRole roles={STATION}>
              <OrganizationNewPage />
            </RequireRole>
          }
        />
        <Route
          path="organizations/import"
          element={
            <RequireRole roles={STATION}>
              <ImportPage />
            </RequireRole>
          }
        />
        <Route
          path="organizations/:id"
          element={
            <RequireRole roles={ORG_READERS}>
              <OrganizationPage />
            </RequireRole>
          }
        />
        <Route
          path="visits"
          element={
            <RequireRole roles={STATION}>
              <VisitsPage />
            </RequireRole>
          }
        />
        <Route
          path="visits/new"
          element={
            <RequireRole roles={STATION}>
              <VisitNewPage />
            </RequireRole>
          }
        />
        <Route
          path="visits/:id"
          element={
            <RequireRole roles={STATION}>
              <VisitDetailPage />
            </RequireRole>
          }
        />
        <Route
          path="visits/:id/edit"
          element={
            <RequireRole roles={STATION}>
              <VisitEditPage />
            </RequireRole>
          }
        />
        <Route
          path="approvals"
          element={
            <RequireRole roles={['manager']}>
              <ApprovalsPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
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

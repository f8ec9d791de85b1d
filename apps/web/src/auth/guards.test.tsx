import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Providers } from '../Providers';
import { officer } from '../test/render';
import { AuthContext, pendingAccountStep } from './AuthContext';
import { RequireAuth, RequirePendingStep } from './guards';

function renderAt(path: string, user: typeof officer) {
  return render(
    <Providers>
      <MemoryRouter initialEntries={[path]}>
        <AuthContext.Provider value={{ user, status: 'authenticated', login: vi.fn(), logout: vi.fn() }}>
          <Routes>
            <Route
              path="/account/password-change"
              element={
                <RequirePendingStep path="/account/password-change">
                  <p>change page</p>
                </RequirePendingStep>
              }
            />
            <Route
              path="/account/mfa-setup"
              element={
                <RequirePendingStep path="/account/mfa-setup">
                  <p>enrol page</p>
                </RequirePendingStep>
              }
            />
            <Route
              path="*"
              element={
                <RequireAuth>
                  <p>app page</p>
                </RequireAuth>
              }
            />
          </Routes>
        </AuthContext.Provider>
      </MemoryRouter>
    </Providers>,
  );
}

describe('account steps', () => {
  it('sends a user with a one-time password to the change first, then to the enrolment', () => {
    expect(pendingAccountStep({ ...officer, mustChangePassword: true, mfaEnrollmentRequired: true })).toBe(
      '/account/password-change',
    );
    expect(pendingAccountStep({ ...officer, mfaEnrollmentRequired: true })).toBe('/account/mfa-setup');
    expect(pendingAccountStep(officer)).toBeNull();
  });

  it('routes every page to the pending step, and the step page away once done', () => {
    renderAt('/visits', { ...officer, mustChangePassword: true });
    expect(screen.getByText('change page')).toBeTruthy();
  });

  it('routes to the enrolment when the role needs a second factor', () => {
    renderAt('/organizations', { ...officer, mfaEnrollmentRequired: true });
    expect(screen.getByText('enrol page')).toBeTruthy();
  });

  it('leaves the step page when nothing is due', () => {
    renderAt('/account/password-change', officer);
    expect(screen.getByText('app page')).toBeTruthy();
  });
});

import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { homePath } from '../lib/roles';
import { pendingAccountStep, useAuth } from './AuthContext';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, retry, user } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (status === 'error') {
    return (
      <Center mih="100vh" p="md">
        <Stack align="center">
          <Text role="alert">{t('errors.network')}</Text>
          <Button onClick={retry}>{t('common.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  // A one-time password to replace or a second factor to enrol comes first (the server refuses
  // everything else until then).
  const step = pendingAccountStep(user);
  if (step && location.pathname !== step) return <Navigate to={step} replace />;
  return <>{children}</>;
}

/** The forced-step pages: only while that step is due; afterwards home. */
export function RequirePendingStep({ path, children }: { path: string; children: ReactNode }) {
  const { status, user } = useAuth();
  if (status !== 'authenticated' || !user) return <RequireAuth>{children}</RequireAuth>;
  const step = pendingAccountStep(user);
  if (step !== path) return <Navigate to={step ?? homePath(user.role)} replace />;
  return <>{children}</>;
}

/**
 * A route not for the user's role says so (whose screen it is) and offers the way home, instead of
 * quietly sending the user elsewhere.
 */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useTranslation();
  if (!user) return null;
  if (!roles.includes(user.role)) {
    return (
      <Center mih="40vh" p="md">
        <Stack align="center" maw={480}>
          <Title order={2} size="h3">
            {t('errors.notForRoleTitle')}
          </Title>
          <Text role="alert" ta="center">
            {t('errors.notForRoleBody', {
              roles: roles.map((r) => t(`roles.${r}`)).join('・'),
              role: t(`roles.${user.role}`),
            })}
          </Text>
          <Button component={Link} to={homePath(user.role)}>
            {t('notFound.back')}
          </Button>
        </Stack>
      </Center>
    );
  }
  return <>{children}</>;
}

export function HomeRedirect() {
  const { user } = useAuth();
  return <Navigate to={homePath(user?.role)} replace />;
}

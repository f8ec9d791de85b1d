import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Loader,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useStations } from '../api/reference';
import { useMe, useAuth } from '../auth/AuthContext';
import { useApprovalCount } from './api';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { HeaderSearch } from '../features/search/HeaderSearch';
import { LeaveGuard } from '../components/LeaveGuard';
import { watchTableCards } from '../lib/tableCards';
import { LanguageSwitch } from './LanguageSwitch';
import { navFor, type NavItem } from './nav';

/**
 * The header's station name. The signed-in user (MeDto) carries only `stationId`; the name comes
 * from the stations every role may read (a station user's answer holds their own station).
 */
function useStationName(): string | null {
  const me = useMe();
  const { data: stations } = useStations(!!me.stationId);
  if (!me.stationId) return null;
  return stations?.find((s) => s.id === me.stationId)?.name ?? null;
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const stationName = useStationName();
  const approvals = useApprovalCount(me.role === 'manager');

  useEffect(() => close(), [location.pathname, close]);
  // lists become cards on a phone: cells labelled with their columns (lib/tableCards.ts)
  useEffect(() => {
    const main = document.getElementById('main');
    return main ? watchTableCards(main) : undefined;
  }, []);

  const isActive = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);

  const renderItem = (item: NavItem) => {
    const label = t(item.labelKey);
    const badge =
      item.badge === 'approvals' && approvals ? (
        <Badge size="sm" color="red" circle aria-label={t('approvals.count', { count: approvals })}>
          {approvals}
        </Badge>
      ) : undefined;
    if (item.children) {
      return (
        <NavLink key={item.to} label={label} defaultOpened active={false} childrenOffset="md">
          {item.children.map(renderItem)}
        </NavLink>
      );
    }
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={label}
        active={isActive(item.to)}
        rightSection={badge}
        aria-current={isActive(item.to) ? 'page' : undefined}
        // the page shown may be the one tapped: close the phone menu whatever the route does
        onClick={close}
      />
    );
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header className="no-print">
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} />
            <Text fw={700} size="md" truncate component={Link} to="/" c="inherit" td="none">
              <Text span visibleFrom="md" inherit>
                {t('app.title')}
              </Text>
              <Text span hiddenFrom="md" inherit>
                {t('app.shortTitle')}
              </Text>
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me.role !== 'admin' && <HeaderSearch />}
            <NotificationBell />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton
                  aria-label={t('app.userMenu', { name: me.displayName })}
                  title={`${me.username} / ${t(`roles.${me.role}`)}`}
                >
                  <div
                    style={{ textAlign: 'right', lineHeight: 1.15, minWidth: 0 }}
                    data-testid="header-user"
                  >
                    <Text size="sm" fw={600} truncate maw={160}>
                      {me.displayName}
                    </Text>
                    <Text size="xs" c="dimmed" truncate maw={200} visibleFrom="xs">
                      {t(`roles.${me.role}`)}
                      {' ・ '}
                      {stationName ?? (me.stationId ? '' : t('app.noStation'))}
                    </Text>
                  </div>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.username}</Menu.Label>
                <Menu.Item component={Link} to="/account">
                  {t('account.title')}
                </Menu.Item>
                <Menu.Item onClick={() => void logout()}>{t('app.logout')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Group visibleFrom="sm" gap="sm" wrap="nowrap">
              <LanguageSwitch />
              <Button variant="default" size="xs" onClick={() => void logout()}>
                {t('app.logout')}
              </Button>
            </Group>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" className="no-print" aria-label={t('app.title')}>
        <AppShell.Section grow component={ScrollArea}>
          <nav>{navFor(me.role).map(renderItem)}</nav>
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm" pt="sm">
          <Group justify="space-between">
            <LanguageSwitch />
            <Button variant="default" size="xs" onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<Loader aria-label={t('app.loading')} />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <LeaveGuard />
    </AppShell>
  );
}

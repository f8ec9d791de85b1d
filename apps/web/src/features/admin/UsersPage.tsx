import {
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useStations } from '../../api/reference';
import type { Page, Role, User } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';

const ROLES: Role[] = ['officer', 'manager', 'hq', 'admin'];
export const PASSWORD_MIN = 8;

function roleOptions(t: (k: string) => string) {
  return ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

function UserForm({ user, onDone }: { user?: User; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: stations } = useStations();
  const form = useFormState<{
    username: string;
    displayName: string;
    role: Role;
    stationId: string | null;
    password: string;
  }>({
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'officer',
    stationId: user?.stationId ?? null,
    password: '',
  });
  const { values, set, errors, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const needsStation = values.role === 'officer' || values.role === 'manager';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!user && !values.username.trim()) fe.username = t('validation.required');
    if (!values.displayName.trim()) fe.displayName = t('validation.required');
    if (needsStation && !values.stationId) fe.stationId = t('validation.required');
    if (!user && values.password.length < PASSWORD_MIN)
      fe.password = t('validation.passwordLength', { min: PASSWORD_MIN });
    form.setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    try {
      if (user) {
        await api.patch(`/users/${user.id}`, {
          version: user.version,
          displayName: values.displayName.trim(),
          role: values.role,
          stationId: needsStation ? values.stationId : (values.stationId ?? null),
        });
      } else {
        await api.post('/users', {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          ...(values.stationId ? { stationId: values.stationId } : {}),
          password: values.password,
        });
      }
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySuccess(t('common.saved'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError) form.setErrors(err.fieldErrors);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('admin.username')}
            required
            disabled={!!user}
            {...textField('username')}
            autoComplete="off"
            data-autofocus
          />
          <TextInput label={t('admin.displayName')} required {...textField('displayName')} />
          <Select
            label={t('admin.role')}
            data={roleOptions(t)}
            value={values.role}
            onChange={(v) => v && set('role', v as Role)}
            allowDeselect={false}
            error={errors.role}
          />
          <Select
            label={t('admin.station')}
            required={needsStation}
            data={(stations ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={values.stationId}
            onChange={(v) => set('stationId', v)}
            clearable={!needsStation}
            error={errors.stationId}
          />
        </SimpleGrid>
        {!user && (
          <PasswordInput
            label={t('admin.password')}
            description={t('validation.passwordLength', { min: PASSWORD_MIN })}
            required
            {...textField('password')}
            autoComplete="new-password"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [fieldErr, setFieldErr] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < PASSWORD_MIN) {
      setFieldErr(t('validation.passwordLength', { min: PASSWORD_MIN }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/users/${user.id}`, { version: user.version, password });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySuccess(t('admin.passwordReset'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError) setFieldErr(err.fieldErrors.password);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <PasswordInput
          label={t('admin.newPassword')}
          description={t('validation.passwordLength', { min: PASSWORD_MIN })}
          required
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            setFieldErr(undefined);
          }}
          error={fieldErr}
          autoComplete="new-password"
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('admin.resetPassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: stations } = useStations();
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<string | null>(null);
  const [stationId, setStationId] = useState<string | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const query = { page, pageSize: 50, role: role ?? undefined, stationId: stationId ?? undefined };
  const { data, error, refetch } = useQuery({
    queryKey: ['users', query],
    queryFn: () => api.get<Page<User>>('/users', query),
    placeholderData: keepPreviousData,
  });
  const stationName = (id: string | null) =>
    id ? (stations?.find((s) => s.id === id)?.name ?? id.slice(0, 8)) : '—';

  const toggle = async (u: User) => {
    try {
      await api.patch(`/users/${u.id}`, { version: u.version, disabled: !u.disabled });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySuccess(t('common.saved'));
    } catch (err) {
      notifyError(err, t);
    } finally {
      setToggling(null);
    }
  };

  return (
    <>
      <PageHeader
        title={t('admin.usersTitle')}
        actions={<Button onClick={() => setEditing('new')}>{t('admin.createUser')}</Button>}
      />
      <Group mb="md">
        <Select
          label={t('admin.role')}
          data={roleOptions(t)}
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={200}
        />
        <Select
          label={t('admin.station')}
          data={(stations ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={stationId}
          onChange={(v) => {
            setStationId(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={220}
        />
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <VisuallyHidden component="caption">{t('admin.usersTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.username')}</Table.Th>
              <Table.Th>{t('admin.displayName')}</Table.Th>
              <Table.Th>{t('admin.role')}</Table.Th>
              <Table.Th>{t('admin.station')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td ff="monospace">{u.username}</Table.Td>
                <Table.Td>{u.displayName}</Table.Td>
                <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                <Table.Td>{stationName(u.stationId)}</Table.Td>
                <Table.Td>
                  <Badge color={u.disabled ? 'gray' : 'teal'} variant="light">
                    {u.disabled ? t('admin.disabled') : t('admin.enabledState')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(u)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="compact-sm" variant="subtle" onClick={() => setResetting(u)}>
                      {t('admin.resetPassword')}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color={u.disabled ? 'teal' : 'red'}
                      onClick={() => (u.disabled ? void toggle(u) : setToggling(u))}
                    >
                      {u.disabled ? t('admin.enable') : t('admin.disable')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={6}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager page={page} pageSize={50} total={data.total} totalCapped={data.totalCapped} onPage={setPage} />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.createUser') : t('common.edit')}
        size="lg"
      >
        {editing !== null && (
          <UserForm user={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={resetting !== null} onClose={() => setResetting(null)} title={t('admin.resetPassword')}>
        {resetting && <ResetPasswordForm user={resetting} onDone={() => setResetting(null)} />}
      </Modal>
      <ConfirmModal
        opened={toggling !== null}
        message={t('admin.disableConfirm', { name: toggling?.displayName ?? '' })}
        confirmLabel={t('admin.disable')}
        onConfirm={() => toggling && void toggle(toggling)}
        onClose={() => setToggling(null)}
      />
    </>
  );
}

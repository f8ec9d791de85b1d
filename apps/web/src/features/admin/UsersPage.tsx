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
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStations } from '../../api/reference';
import type { Role, User } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ConflictModal, type ConflictField } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchUser,
  userKeys,
  useCreateUser,
  useUpdateUser,
  useUsers,
  type CreateUserBody,
  type UpdateUserBody,
} from './api';

const ROLES: Role[] = ['officer', 'manager', 'hq', 'admin'];
const PAGE_SIZE = 50;
/** The server's minimum (CreateUserDto.password minLength); its other rules answer as field errors. */
export const PASSWORD_MIN = 12;

function roleOptions(t: (k: string) => string) {
  return ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

const needsStation = (role: Role) => role === 'officer' || role === 'manager';

/* ---------- create and edit ---------- */

export interface UserValues {
  username: string;
  displayName: string;
  role: Role;
  stationId: string | null;
  password: string;
}

export function userToValues(user?: User): UserValues {
  return {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'officer',
    stationId: user?.stationId ?? null,
    password: '',
  };
}

export function validateUser(v: UserValues, isNew: boolean, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (isNew && !v.username.trim()) e.username = t('validation.required');
  if (!v.displayName.trim()) e.displayName = t('validation.required');
  if (needsStation(v.role) && !v.stationId) e.stationId = t('validation.required');
  if (isNew && [...v.password].length < PASSWORD_MIN)
    e.password = t('validation.passwordLength', { min: PASSWORD_MIN });
  return e;
}

/** A new user: exactly CreateUserDto (the password is a one-time one the user must change). */
export function createUserBody(v: UserValues): CreateUserBody {
  return {
    username: v.username.trim(),
    displayName: v.displayName.trim(),
    role: v.role,
    stationId: v.stationId,
    password: v.password,
  };
}

/** An edit: exactly fields of UpdateUserDto (the username is fixed; passwords have their own form). */
export function userFields(v: UserValues): Omit<UpdateUserBody, 'version'> {
  return {
    displayName: v.displayName.trim(),
    role: v.role,
    stationId: v.stationId,
  };
}

function userConflictFields(t: TFunction, stationName: (id: unknown) => string): ConflictField[] {
  return [
    { key: 'displayName', label: t('admin.displayName') },
    { key: 'role', label: t('admin.role'), format: (v) => (typeof v === 'string' ? t(`roles.${v}`) : '—') },
    { key: 'stationId', label: t('admin.station'), format: stationName },
    {
      key: 'disabled',
      label: t('common.status'),
      format: (v) => (v ? t('admin.disabled') : t('admin.enabledState')),
    },
  ];
}

function useStationName() {
  const { data: stations } = useStations();
  return (id: unknown): string =>
    typeof id === 'string' ? (stations?.find((s) => s.id === id)?.name ?? id.slice(0, 8)) : '—';
}

export function UserForm({ user, onDone }: { user?: User; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: stations } = useStations();
  const stationName = useStationName();
  const form = useFormState<UserValues>(() => userToValues(user));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(user?.version);
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const userId = user?.id;
  const saver = useSaveForm({
    form,
    validate: (v) => validateUser(v, !user, t),
    fetchLatest: () => fetchUser(userId!),
    save: (v) =>
      userId && version !== undefined
        ? updateUser.mutateAsync({ id: userId, body: { ...userFields(v), version } })
        : createUser.mutateAsync(createUserBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const stationRequired = needsStation(values.role);

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={user ? t('common.edit') : t('admin.createUser')}
    >
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
            required={stationRequired}
            data={(stations ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={values.stationId}
            onChange={(v) => set('stationId', v)}
            clearable={!stationRequired}
            error={errors.stationId}
          />
        </SimpleGrid>
        {!user && (
          <PasswordInput
            label={t('admin.password')}
            description={t('admin.passwordHint', { min: PASSWORD_MIN })}
            required
            {...textField('password')}
            autoComplete="new-password"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={{ ...userFields(values), disabled: user?.disabled }}
        myVersion={version}
        fields={userConflictFields(t, stationName)}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) {
            setVersion(conflict.latest.version);
            notifySuccess(t('conflict.reloaded', { version: conflict.latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          const latest = conflict.latest;
          if (latest) {
            form.reset(userToValues(latest));
            setVersion(latest.version);
            queryClient.setQueryData(userKeys.detail(latest.id), latest);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

/* ---------- password reset ---------- */

/** A reset: exactly UpdateUserDto's version and password; the user must change it at next login. */
export function passwordResetBody(version: number, password: string): UpdateUserBody {
  return { version, password };
}

export function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const stationName = useStationName();
  const form = useFormState({ password: '' });
  const { textField } = form;
  const [base, setBase] = useState(user);
  const updateUser = useUpdateUser();
  const saver = useSaveForm({
    form,
    validate: (v): Record<string, string> =>
      [...v.password].length < PASSWORD_MIN
        ? { password: t('validation.passwordLength', { min: PASSWORD_MIN }) }
        : {},
    fetchLatest: () => fetchUser(user.id),
    save: (v) => updateUser.mutateAsync({ id: user.id, body: passwordResetBody(base.version, v.password) }),
    onSaved: () => {
      notifySuccess(t('admin.passwordReset'));
      onDone();
    },
  });
  return (
    <form
      ref={saver.formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={t('admin.resetPassword')}
    >
      <Stack gap="sm">
        {saver.error ? <ErrorAlert error={saver.error} /> : null}
        <PasswordInput
          label={t('admin.newPassword')}
          description={t('admin.passwordHint', { min: PASSWORD_MIN })}
          required
          {...textField('password')}
          autoComplete="new-password"
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t('admin.resetPassword')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={saver.conflict.latest}
        mine={{ ...base }}
        myVersion={base.version}
        fields={userConflictFields(t, stationName)}
        onClose={saver.conflict.clear}
        onKeep={() => {
          if (saver.conflict.latest) {
            setBase(saver.conflict.latest);
            notifySuccess(t('conflict.reloaded', { version: saver.conflict.latest.version }));
          }
          saver.conflict.clear();
        }}
        onDiscard={() => {
          saver.conflict.clear();
          onDone();
        }}
      />
    </form>
  );
}

/* ---------- the list ---------- */

export function UsersPage() {
  const { t } = useTranslation();
  const { data: stations } = useStations();
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<Role | null>(null);
  const [stationId, setStationId] = useState<string | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const { data, error, refetch } = useUsers({
    page,
    pageSize: PAGE_SIZE,
    role: role ?? undefined,
    stationId: stationId ?? undefined,
  });
  const updateUser = useUpdateUser();
  const stationName = (id: string | null) =>
    id ? (stations?.find((s) => s.id === id)?.name ?? id.slice(0, 8)) : '—';

  const toggle = (u: User) =>
    updateUser.mutate(
      { id: u.id, body: { version: u.version, disabled: !u.disabled } },
      {
        onSuccess: () => notifySuccess(t('common.saved')),
        onError: (err) => notifyError(err, t),
        onSettled: () => setToggling(null),
      },
    );

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
            setRole(v as Role | null);
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
                  <Group gap={4}>
                    <Badge color={u.disabled ? 'gray' : 'teal'} variant="light">
                      {u.disabled ? t('admin.disabled') : t('admin.enabledState')}
                    </Badge>
                    {u.mustChangePassword && (
                      <Badge color="yellow" variant="light">
                        {t('admin.mustChangePassword')}
                      </Badge>
                    )}
                  </Group>
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
                      loading={updateUser.isPending && updateUser.variables?.id === u.id}
                      onClick={() => (u.disabled ? toggle(u) : setToggling(u))}
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
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          totalCapped={data.totalCapped}
          onPage={setPage}
        />
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
        loading={updateUser.isPending}
        onConfirm={() => toggling && toggle(toggling)}
        onClose={() => setToggling(null)}
      />
    </>
  );
}

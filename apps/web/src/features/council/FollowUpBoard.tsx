import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { enumOptions, useLabels, useStationOfficers } from '../../api/reference';
import type { FollowUp, FollowUpStatus } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, isIsoDate } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchFollowUp,
  followUpKeys,
  useAddFollowUpLink,
  useEvidenceSeminars,
  useEvidenceVisits,
  useFollowUps,
  useRemoveFollowUpLink,
  useUpdateFollowUp,
  type CreateFollowUpLinkBody,
  type UpdateFollowUpBody,
} from './api';

export const COLUMNS: FollowUpStatus[] = ['open', 'in_progress', 'done', 'dropped'];
const BOARD_SIZE = 200;

/** The statuses a follow-up may move to (the server's rule; done and dropped may be reopened). */
export const NEXT_STATUSES: Record<FollowUpStatus, FollowUpStatus[]> = {
  open: ['in_progress', 'done', 'dropped'],
  in_progress: ['open', 'done', 'dropped'],
  done: ['in_progress'],
  dropped: ['open'],
};

/* ---------- status, owner, due day, result ---------- */

export interface FollowUpValues {
  title: string;
  status: FollowUpStatus;
  ownerId: string | null;
  dueOn: string | null;
  result: string;
}

export function followUpToValues(f: FollowUp): FollowUpValues {
  return { title: f.title, status: f.status, ownerId: f.ownerId, dueOn: f.dueOn, result: f.result ?? '' };
}

export function validateFollowUp(v: FollowUpValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = t('validation.required');
  if (!v.dueOn) e.dueOn = t('validation.required');
  else if (!isIsoDate(v.dueOn)) e.dueOn = t('validation.date');
  if (v.status === 'done' && !v.result.trim()) e.result = t('validation.resultForDone');
  return e;
}

/** What an edit sends: exactly fields of UpdateFollowUpDto (the due day cannot be cleared). */
export function followUpFields(v: FollowUpValues): Omit<UpdateFollowUpBody, 'version'> {
  return {
    title: v.title.trim(),
    status: v.status,
    ownerId: v.ownerId,
    dueOn: v.dueOn ?? '',
    result: blankToNull(v.result),
  };
}

export function FollowUpEditForm({ followUp, onDone }: { followUp: FollowUp; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: officers } = useStationOfficers();
  const form = useFormState<FollowUpValues>(() => followUpToValues(followUp));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(followUp.version);
  const [base, setBase] = useState<FollowUpStatus>(followUp.status);
  const updateFollowUp = useUpdateFollowUp();
  const saver = useSaveForm({
    form,
    validate: (v) => validateFollowUp(v, t),
    fetchLatest: () => fetchFollowUp(followUp.id),
    save: (v) => updateFollowUp.mutateAsync({ id: followUp.id, body: { ...followUpFields(v), version } }),
    onSaved: () => {
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const statuses = [base, ...NEXT_STATUSES[base]];
  const officerOptions = (officers ?? []).map((o) => ({ value: o.id, label: o.displayName }));
  if (values.ownerId && !officerOptions.some((o) => o.value === values.ownerId))
    officerOptions.push({ value: values.ownerId, label: followUp.ownerName ?? values.ownerId.slice(0, 8) });

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={t('council.moveTo')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <TextInput label={t('council.followUpTitle')} required {...textField('title')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('common.status')}
            data={enumOptions(t, 'followUpStatus', statuses)}
            value={values.status}
            onChange={(v) => v && set('status', v as FollowUpStatus)}
            allowDeselect={false}
            error={errors.status}
          />
          <Select
            label={t('council.owner')}
            data={officerOptions}
            value={values.ownerId}
            onChange={(v) => set('ownerId', v)}
            clearable
            error={errors.ownerId}
          />
          <DayInput
            label={t('council.dueOn')}
            required
            value={values.dueOn}
            onChange={(v) => set('dueOn', v)}
            error={errors.dueOn}
          />
        </SimpleGrid>
        <Textarea
          label={t('council.result')}
          required={values.status === 'done'}
          autosize
          minRows={3}
          {...textField('result')}
        />
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
        mine={followUpFields(values)}
        myVersion={version}
        fields={[
          { key: 'title', label: t('council.followUpTitle') },
          { key: 'status', label: t('common.status') },
          { key: 'ownerId', label: t('council.owner') },
          { key: 'dueOn', label: t('council.dueOn') },
          { key: 'result', label: t('council.result') },
        ]}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) {
            setVersion(conflict.latest.version);
            setBase(conflict.latest.status);
            notifySuccess(t('conflict.reloaded', { version: conflict.latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          const latest = conflict.latest;
          if (latest) {
            form.reset(followUpToValues(latest));
            setVersion(latest.version);
            setBase(latest.status);
            queryClient.setQueryData(followUpKeys.detail(latest.id), latest);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

/* ---------- evidence ---------- */

export interface LinkValues {
  type: 'visit' | 'seminar';
  selected: string | null;
}

/** What linking sends: exactly one of CreateFollowUpLinkDto's fields. */
export function linkBody(v: LinkValues): CreateFollowUpLinkBody {
  return v.type === 'visit' ? { visitId: v.selected ?? '' } : { seminarId: v.selected ?? '' };
}

export function LinkEvidenceForm({ followUp, onDone }: { followUp: FollowUp; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const form = useFormState<LinkValues>({ type: 'visit', selected: null });
  const { values, set, errors } = form;
  const visits = useEvidenceVisits(values.type === 'visit');
  const seminars = useEvidenceSeminars(values.type === 'seminar');
  const addLink = useAddFollowUpLink();
  const saver = useSaveForm({
    form,
    validate: (v): Record<string, string> => (v.selected ? {} : { selected: t('validation.required') }),
    mapField: (field) => (field === 'visitId' || field === 'seminarId' ? 'selected' : field),
    save: (v) => addLink.mutateAsync({ followUpId: followUp.id, body: linkBody(v) }),
    onSaved: () => {
      notifySuccess(t('council.linked'));
      onDone();
    },
  });
  const lang = i18n.language;
  const linked = new Set(followUp.links.map((l) => l.visitId ?? l.seminarId));
  const options =
    values.type === 'visit'
      ? (visits.data?.items ?? [])
          .filter((v) => !linked.has(v.id))
          .map((v) => ({ value: v.id, label: `${formatDate(v.visitedOn, lang)} ${v.organizationName}` }))
      : (seminars.data?.items ?? [])
          .filter((s) => !linked.has(s.id))
          .map((s) => ({ value: s.id, label: `${formatDate(s.heldOn, lang)} ${s.title}` }));
  const listError = values.type === 'visit' ? visits.error : seminars.error;

  return (
    <form
      ref={saver.formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={t('council.linkEvidence')}
    >
      <Stack gap="sm">
        {saver.error ? <ErrorAlert error={saver.error} /> : null}
        {listError ? <ErrorAlert error={listError} /> : null}
        <Text size="sm">{followUp.title}</Text>
        <div>
          <Text size="sm" fw={500} id="link-type-label">
            {t('council.linkType')}
          </Text>
          <SegmentedControl
            aria-labelledby="link-type-label"
            value={values.type}
            onChange={(v) => {
              set('type', v as LinkValues['type']);
              set('selected', null);
            }}
            data={[
              { value: 'visit', label: t('council.linkVisit') },
              { value: 'seminar', label: t('council.linkSeminar') },
            ]}
          />
        </div>
        <Select
          label={values.type === 'visit' ? t('council.pickVisit') : t('council.pickSeminar')}
          data={options}
          value={values.selected}
          onChange={(v) => set('selected', v)}
          searchable
          required
          error={errors.selected}
          nothingFoundMessage={t('common.noData')}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saver.busy} disabled={!values.selected}>
            {t('council.linkEvidence')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/* ---------- the board ---------- */

function FollowUpCard({
  f,
  editable,
  onEdit,
  onLink,
}: {
  f: FollowUp;
  editable: boolean;
  onEdit: () => void;
  onLink: () => void;
}) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const removeLink = useRemoveFollowUpLink();
  const unlink = (linkId: string) =>
    removeLink.mutate({ followUpId: f.id, linkId }, { onError: (err) => notifyError(err, t) });
  const overdue = f.overdue;
  return (
    <Card
      withBorder
      padding="sm"
      style={overdue ? { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 } : undefined}
      data-testid="follow-up-card"
      data-overdue={overdue || undefined}
    >
      <Stack gap={4}>
        <Text fw={600}>{f.title}</Text>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {t('council.fromItem')}: {f.itemText}
        </Text>
        <Anchor component={Link} size="xs" to={`/council/meetings/${f.meetingId}`}>
          {t('council.meetingOf')} {formatDate(f.meetingHeldOn, i18n.language)}
        </Anchor>
        <Group gap="xs">
          <Text size="xs">
            {t('council.owner')}: {f.ownerName ?? (f.ownerId ? labels.officer(f.ownerId) : '—')}
          </Text>
          <Text size="xs" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined}>
            {t('council.dueOn')}: {formatDate(f.dueOn, i18n.language) || '—'}
          </Text>
          {overdue && (
            <Badge color="red" size="xs">
              {t('council.overdue')}
            </Badge>
          )}
        </Group>
        {f.result && (
          <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {t('council.result')}: {f.result}
          </Text>
        )}
        {f.links.length > 0 && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              {t('council.evidence')}
            </Text>
            {f.links.map((l) => (
              <Group key={l.id} gap={4} wrap="nowrap">
                <Anchor
                  component={Link}
                  size="xs"
                  to={l.visitId ? `/visits/${l.visitId}` : `/seminars/${l.seminarId}`}
                  truncate
                >
                  {l.visitId ? t('council.linkVisit') : t('council.linkSeminar')}
                  {` ${formatDate(l.date, i18n.language)}`}
                  {` ${(l.visitId ? l.organizationName : l.seminarTitle) ?? ''}`}
                </Anchor>
                {editable && (
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('council.unlink')}
                    loading={removeLink.isPending && removeLink.variables?.linkId === l.id}
                    onClick={() => unlink(l.id)}
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Stack>
        )}
        {editable && (
          <Group gap={4} mt={4}>
            <Button size="compact-xs" variant="light" onClick={onEdit}>
              {t('council.moveTo')}
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={onLink}>
              {t('council.linkEvidence')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

export function FollowUpBoard() {
  const { t } = useTranslation();
  const me = useMe();
  const editable = canEditRecords(me.role);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [editing, setEditing] = useState<FollowUp | null>(null);
  const [linking, setLinking] = useState<FollowUp | null>(null);
  const { data, error, refetch } = useFollowUps({
    pageSize: BOARD_SIZE,
    sort: 'dueOn',
    overdue: overdueOnly ? 'true' : undefined,
  });
  const items = data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('council.followUpsTitle')}
        actions={
          <Switch
            label={t('council.overdueOnly')}
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly(e.currentTarget.checked)}
          />
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      {data && data.total > items.length && (
        <Text size="sm" c="dimmed" mb="xs" role="status">
          {t('council.boardTruncated', { shown: items.length, total: data.total })}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" data-testid="follow-up-board">
        {COLUMNS.map((status) => {
          const cards = items.filter((f) => f.status === status);
          return (
            <Paper
              key={status}
              withBorder
              p="xs"
              bg="gray.0"
              component="section"
              aria-labelledby={`col-${status}`}
            >
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5" id={`col-${status}`}>
                  {t(`enums.followUpStatus.${status}`)}
                </Title>
                <Badge variant="light" color="gray">
                  {cards.length}
                </Badge>
              </Group>
              <Stack gap="xs">
                {cards.map((f) => (
                  <FollowUpCard
                    key={f.id}
                    f={f}
                    editable={editable}
                    onEdit={() => setEditing(f)}
                    onLink={() => setLinking(f)}
                  />
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('council.moveTo')} size="lg">
        {editing && <FollowUpEditForm followUp={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={linking !== null} onClose={() => setLinking(null)} title={t('council.linkEvidence')}>
        {linking && <LinkEvidenceForm followUp={linking} onDone={() => setLinking(null)} />}
      </Modal>
    </>
  );
}

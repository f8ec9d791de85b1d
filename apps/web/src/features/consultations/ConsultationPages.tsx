import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { enumOptions } from '../../api/reference';
import type { Consultation, ConsultationCategory } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrganizationPicker, type OrgRef } from '../../components/OrganizationPicker';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { TimeField } from '../../components/TimeField';
import { formatDateTime, isIsoDate, jstToIso, nowJst, toJstDate, toJstTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchConsultation,
  useConsultation,
  useConsultations,
  useCreateConsultation,
  useUpdateConsultation,
  type ConsultationListQuery,
  type CreateConsultationBody,
  type UpdateConsultationBody,
} from './api';

const CATEGORIES: ConsultationCategory[] = [
  'targeted_email',
  'unauthorized_access',
  'defacement',
  'suspicious_approach',
  'tech_leak',
  'other',
];

/** A restricted consultation comes without its text for those who may not read it. */
export function isMasked(c: Consultation): boolean {
  return c.masked;
}

export function MaskedText() {
  const { t } = useTranslation();
  return (
    <Text c="dimmed" fs="italic" size="sm" data-testid="masked">
      <span aria-hidden="true">■■■■ </span>
      {t('consultation.masked')}
    </Text>
  );
}

type ConsultationStatus = Consultation['status'];

export interface ConsultationValues {
  organization: OrgRef | null;
  date: string | null;
  time: string;
  category: ConsultationCategory;
  summary: string;
  handling: string;
  escalated: boolean;
  status: ConsultationStatus;
  restricted: boolean;
}

export function consultationToValues(c?: Consultation, now = new Date()): ConsultationValues {
  const jst = nowJst(now);
  return {
    organization: c ? { id: c.organizationId, name: c.organizationName } : null,
    date: c ? toJstDate(c.receivedAt) : jst.date,
    time: c ? toJstTime(c.receivedAt) : jst.time,
    category: c?.category ?? 'targeted_email',
    summary: c?.summary ?? '',
    handling: c?.handling ?? '',
    escalated: c?.escalated ?? false,
    status: c?.status ?? 'open',
    restricted: c?.restricted ?? false,
  };
}

export function validateConsultation(v: ConsultationValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.organization) e.organization = t('validation.required');
  if (!v.date) e.date = t('validation.required');
  else if (!isIsoDate(v.date)) e.date = t('validation.date');
  if (!/^\d{1,2}:\d{2}$/.test(v.time)) e.time = t('validation.required');
  if (!v.summary.trim()) e.summary = t('validation.required');
  return e;
}

/** An edit's fields, with those a new consultation must have made required. */
type ConsultationFields = Omit<UpdateConsultationBody, 'version'> &
  Required<Pick<UpdateConsultationBody, 'receivedAt' | 'category' | 'summary' | 'status'>>;

/**
 * What an edit sends: the fields of the contract's UpdateConsultationDto. The organization a
 * consultation came from is fixed once it is received, so it is not among them (the server
 * refuses it on PATCH). Typed as the DTO, so a field the server does not take fails the type check.
 */
export function consultationFields(v: ConsultationValues): ConsultationFields {
  return {
    receivedAt: v.date ? jstToIso(v.date, v.time) : '',
    category: v.category,
    summary: v.summary.trim(),
    handling: blankToNull(v.handling),
    escalated: v.escalated,
    status: v.status,
    restricted: v.restricted,
  };
}

/** A new consultation: the organization and the same fields as an edit. */
export function createConsultationBody(v: ConsultationValues): CreateConsultationBody {
  return { organizationId: v.organization?.id ?? '', ...consultationFields(v) };
}

/** Server field names → the form's own keys, so messages land beside the right input. */
function formKey(field: string): string {
  if (field === 'organizationId') return 'organization';
  if (field === 'receivedAt') return 'date';
  return field;
}

export function ConsultationForm({
  consultation,
  onDone,
}: {
  consultation?: Consultation;
  onDone: (c: Consultation) => void;
}) {
  const { t } = useTranslation();
  const form = useFormState<ConsultationValues>(() => consultationToValues(consultation));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(consultation?.version);
  const id = consultation?.id;
  const createConsultation = useCreateConsultation();
  const updateConsultation = useUpdateConsultation();

  const saver = useSaveForm({
    form,
    validate: (v) => validateConsultation(v, t),
    mapField: formKey,
    fetchLatest: () => fetchConsultation(id!),
    save: (v) =>
      id && version !== undefined
        ? updateConsultation.mutateAsync({ id, body: { ...consultationFields(v), version } })
        : createConsultation.mutateAsync(createConsultationBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      data-testid="consultation-form"
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Grid gutter="sm">
          <Grid.Col span={12}>
            <OrganizationPicker
              label={t('consultation.organization')}
              required
              value={values.organization}
              onChange={(v) => set('organization', v)}
              error={errors.organization}
              // fixed once received: the server takes no organizationId on PATCH
              disabled={!!id}
              description={id ? t('consultation.organizationFixed') : undefined}
              data-autofocus={!id ? true : undefined}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 7, sm: 4 }}>
            <DayInput
              label={t('consultation.receivedOn')}
              required
              value={values.date}
              onChange={(v) => set('date', v)}
              error={errors.date}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 5, sm: 3 }}>
            <TimeField label={t('consultation.receivedTime')} required {...textField('time')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Select
              label={t('consultation.category')}
              data={enumOptions(t, 'consultationCategory', CATEGORIES)}
              value={values.category}
              onChange={(v) => v && set('category', v as ConsultationCategory)}
              allowDeselect={false}
              error={errors.category}
            />
          </Grid.Col>
        </Grid>
        <Textarea label={t('consultation.summary')} required autosize minRows={3} {...textField('summary')} />
        <Textarea label={t('consultation.handling')} autosize minRows={2} {...textField('handling')} />
        <Group>
          <Checkbox
            label={t('consultation.escalated')}
            checked={values.escalated}
            onChange={(e) => set('escalated', e.currentTarget.checked)}
          />
          <Checkbox
            label={t('consultation.restrictedField')}
            checked={values.restricted}
            onChange={(e) => set('restricted', e.currentTarget.checked)}
            error={errors.restricted}
          />
        </Group>
        {id && (
          <Select
            label={t('consultation.status')}
            data={enumOptions(t, 'consultationStatus', ['open', 'closed'])}
            value={values.status}
            onChange={(v) => v && set('status', v as ConsultationStatus)}
            allowDeselect={false}
            maw={240}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={consultationFields(values)}
        myVersion={version}
        fields={[
          { key: 'category', label: t('consultation.category') },
          { key: 'summary', label: t('consultation.summary') },
          { key: 'handling', label: t('consultation.handling') },
          { key: 'escalated', label: t('consultation.escalated') },
          { key: 'status', label: t('consultation.status') },
        ]}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) {
            setVersion(conflict.latest.version);
            notifySuccess(t('conflict.reloaded', { version: conflict.latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          if (conflict.latest) {
            form.reset(consultationToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

export function ConsultationsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [category, setCategory] = useState<ConsultationCategory | null>(null);
  const [status, setStatus] = useState<ConsultationStatus | null>(null);
  const query: ConsultationListQuery = {
    page,
    pageSize: 50,
    category: category ?? undefined,
    status: status ?? undefined,
  };
  const { data, error, refetch } = useConsultations(query);
  return (
    <>
      <PageHeader
        title={t('consultation.listTitle')}
        actions={
          canEditRecords(me.role) && (
            <Button component={Link} to="/consultations/new">
              {t('consultation.create')}
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <Select
          label={t('consultation.category')}
          data={enumOptions(t, 'consultationCategory', CATEGORIES)}
          value={category}
          onChange={(v) => {
            setCategory(v as ConsultationCategory | null);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={220}
        />
        <Select
          label={t('consultation.status')}
          data={enumOptions(t, 'consultationStatus', ['open', 'closed'])}
          value={status}
          onChange={(v) => {
            setStatus(v as ConsultationStatus | null);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={160}
        />
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('consultation.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consultation.receivedAt')}</Table.Th>
              <Table.Th>{t('consultation.organization')}</Table.Th>
              <Table.Th>{t('consultation.category')}</Table.Th>
              <Table.Th>{t('consultation.summary')}</Table.Th>
              <Table.Th>{t('consultation.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/consultations/${c.id}`}>
                    {formatDateTime(c.receivedAt, i18n.language)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.organizationName}</Table.Td>
                <Table.Td>
                  {t(`enums.consultationCategory.${c.category}`, { defaultValue: c.category })}
                </Table.Td>
                <Table.Td maw={360}>
                  {isMasked(c) ? (
                    <MaskedText />
                  ) : (
                    <Text size="sm" lineClamp={2}>
                      {c.summary}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge variant="light" color={c.status === 'open' ? 'orange' : 'gray'}>
                      {t(`enums.consultationStatus.${c.status}`)}
                    </Badge>
                    {c.escalated && (
                      <Badge variant="outline" color="red">
                        {t('consultation.escalated')}
                      </Badge>
                    )}
                    {c.restricted && <Badge color="dark">{t('consultation.restricted')}</Badge>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager page={page} pageSize={50} total={data.total} totalCapped={data.totalCapped} onPage={setPage} />
      )}
    </>
  );
}

export function ConsultationNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('consultation.newTitle')} />
      <Paper withBorder p="md" maw={900}>
        <ConsultationForm onDone={(c) => void navigate(`/consultations/${c.id}`, { replace: true })} />
      </Paper>
    </>
  );
}

export function ConsultationDetailPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const { data: c, error, refetch } = useConsultation(id);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!c) return <Loader aria-label={t('app.loading')} />;
  const masked = isMasked(c);
  return (
    <>
      <PageHeader
        title={t(`enums.consultationCategory.${c.category}`, { defaultValue: c.category })}
        sub={
          <Text c="dimmed" size="sm">
            {c.organizationName} ・ {formatDateTime(c.receivedAt, i18n.language)}
          </Text>
        }
        actions={
          canEditRecords(me.role) &&
          !masked &&
          !editing && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" maw={900}>
        {editing ? (
          <ConsultationForm consultation={c} onDone={() => setEditing(false)} />
        ) : (
          <DetailList
            items={[
              {
                label: t('consultation.organization'),
                value: (
                  <Anchor component={Link} to={`/organizations/${c.organizationId}`}>
                    {c.organizationName}
                  </Anchor>
                ),
              },
              { label: t('consultation.status'), value: t(`enums.consultationStatus.${c.status}`) },
              { label: t('consultation.summary'), value: masked ? <MaskedText /> : c.summary },
              { label: t('consultation.handling'), value: masked ? <MaskedText /> : c.handling },
              { label: t('consultation.escalated'), value: c.escalated ? t('common.yes') : t('common.no') },
              { label: t('consultation.restricted'), value: c.restricted ? t('common.yes') : t('common.no') },
            ]}
          />
        )}
      </Paper>
    </>
  );
}

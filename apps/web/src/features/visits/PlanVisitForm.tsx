import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enumOptions, TOPIC_CODES, useStationOfficers } from '../../api/reference';
import type { Visit, VisitDetail, VisitFormat } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrganizationPicker, type OrgRef } from '../../components/OrganizationPicker';
import { TimeField } from '../../components/TimeField';
import { isIsoDate, jstToIso, toJstDate, toJstTime, todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchVisit,
  useCreateVisit,
  useUpdateVisit,
  type CreateVisitBody,
  type UpdateVisitBody,
} from './api';

export interface PlanValues {
  organization: OrgRef | null;
  date: string | null;
  time: string;
  format: VisitFormat;
  officerIds: string[];
  jointWith: string;
  topics: string[];
  purpose: string;
  materials: string[];
}

/** A new plan: tomorrow (JST) at 10:00, by me. */
export function emptyPlanValues(
  officerId: string,
  organization: OrgRef | null,
  now = new Date(),
): PlanValues {
  const tomorrow = new Date(`${todayJst(now)}T00:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  return {
    organization,
    date: tomorrow.toISOString().slice(0, 10),
    time: '10:00',
    format: 'on_site',
    officerIds: [officerId],
    jointWith: '',
    topics: [],
    purpose: '',
    materials: [],
  };
}

export function planToValues(v: Visit): PlanValues {
  return {
    organization: { id: v.organizationId, name: v.organizationName },
    date: toJstDate(v.visitedAt),
    time: toJstTime(v.visitedAt),
    format: v.format,
    officerIds: v.officerIds,
    jointWith: v.jointWith ?? '',
    topics: v.topics,
    purpose: v.purpose ?? '',
    materials: v.materials,
  };
}

export function validatePlan(v: PlanValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.organization) e.organization = t('validation.required');
  if (!v.date) e.date = t('validation.required');
  else if (!isIsoDate(v.date)) e.date = t('validation.date');
  if (!/^\d{1,2}:\d{2}$/.test(v.time)) e.time = t('validation.required');
  if (v.officerIds.length === 0) e.officerIds = t('validation.atLeastOneOfficer');
  return e;
}

/** What a plan's edit sends (the fields of UpdateVisitDto a plan has). */
export function planFields(v: PlanValues): Omit<UpdateVisitBody, 'version'> {
  return {
    visitedAt: v.date ? jstToIso(v.date, v.time) : '',
    format: v.format,
    officerIds: v.officerIds,
    jointWith: blankToNull(v.jointWith),
    topics: v.topics,
    purpose: blankToNull(v.purpose),
    materials: v.materials,
  };
}

export function createPlanBody(v: PlanValues): CreateVisitBody {
  return {
    ...planFields(v),
    status: 'planned',
    organizationId: v.organization?.id ?? '',
    visitedAt: v.date ? jstToIso(v.date, v.time) : '',
    format: v.format,
    officerIds: v.officerIds,
  };
}

function formKey(field: string): string {
  if (field === 'organizationId') return 'organization';
  if (field === 'visitedAt') return 'date';
  return field.replace(/\[(\d+)\]/g, '.$1');
}

/** 訪問を予定: organization, day and time, officers, purpose and topics; saved as status planned. */
export function PlanVisitForm({
  visit,
  initialOrganization,
  onDone,
  onCancel,
}: {
  visit?: Visit;
  initialOrganization?: OrgRef | null;
  onDone: (visit: VisitDetail) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const { data: officers } = useStationOfficers();
  const form = useFormState<PlanValues>(() =>
    visit ? planToValues(visit) : emptyPlanValues(me.id, initialOrganization ?? null),
  );
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(visit?.version);
  const createVisit = useCreateVisit();
  const updateVisit = useUpdateVisit();

  const officerOptions = (officers ?? []).map((o) => ({ value: o.id, label: o.displayName }));
  for (const id of values.officerIds)
    if (!officerOptions.some((o) => o.value === id))
      officerOptions.push({ value: id, label: id === me.id ? me.displayName : id.slice(0, 8) });

  const saver = useSaveForm({
    form,
    validate: (v) => validatePlan(v, t),
    mapField: formKey,
    fetchLatest: () => fetchVisit(visit!.id),
    save: async (v, attempt) => {
      const saved =
        visit && version !== undefined
          ? await updateVisit.mutateAsync({ id: visit.id, body: { ...planFields(v), version } })
          : await createVisit.mutateAsync({
              body: createPlanBody(v),
              idempotencyKey: attempt.idempotencyKey,
            });
      setVersion(saved.version);
      return saved;
    },
    onSaved: (saved) => {
      notifySuccess(t(visit ? 'visit.planSaved' : 'visit.planned'));
      onDone(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;

  return (
    <form
      ref={formRef}
      noValidate
      aria-label={visit ? t('visit.planEditTitle') : t('visit.planTitle')}
      data-testid="plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
    >
      <Stack gap="md">
        {error ? <ErrorAlert error={error} /> : null}
        <Alert color="violet" variant="light" role="note">
          {t('visit.plannedNote')}
        </Alert>
        <Grid gutter="sm">
          <Grid.Col span={12}>
            <OrganizationPicker
              label={t('visit.organization')}
              required
              value={values.organization}
              onChange={(v) => set('organization', v)}
              error={errors.organization}
              disabled={!!visit}
              data-autofocus={!visit && !values.organization ? true : undefined}
              data-testid="plan-organization"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 7, sm: 4 }}>
            <DayInput
              label={t('visit.plannedOn')}
              required
              value={values.date}
              onChange={(v) => set('date', v)}
              error={errors.date}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 5, sm: 3 }}>
            <TimeField label={t('visit.visitedTime')} required {...textField('time')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Text component="div" size="sm" fw={500} id="plan-format-label">
              {t('visit.format')}
            </Text>
            <SegmentedControl
              aria-labelledby="plan-format-label"
              fullWidth
              data={enumOptions(t, 'visitFormat', ['on_site', 'at_station', 'online', 'phone'])}
              value={values.format}
              onChange={(v) => set('format', v as VisitFormat)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 7 }}>
            <MultiSelect
              label={t('visit.officers')}
              required
              data={officerOptions}
              value={values.officerIds}
              onChange={(v) => set('officerIds', v)}
              error={errors.officerIds}
              searchable
              hidePickedOptions
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <TextInput
              label={t('visit.jointWith')}
              placeholder={t('visit.jointWithPlaceholder')}
              {...textField('jointWith')}
            />
          </Grid.Col>
        </Grid>
        <Textarea
          label={t('visit.purpose')}
          placeholder={t('visit.purposePlaceholder')}
          autosize
          minRows={2}
          {...textField('purpose')}
        />
        <Checkbox.Group
          label={t('visit.topics')}
          value={values.topics}
          onChange={(v) => set('topics', v)}
          error={errors.topics}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs" mt={6}>
            {TOPIC_CODES.map((code) => (
              <Checkbox key={code} value={code} label={t(`enums.topic.${code}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <TagsInput
          label={t('visit.materials')}
          description={t('visit.materialsHint')}
          value={values.materials}
          onChange={(v) => set('materials', v)}
          clearable
        />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={() => saver.cancel(onCancel)}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={busy} data-testid="plan-save">
            {visit ? t('common.save') : t('visit.plan')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={planFields(values)}
        myVersion={version}
        fields={[
          { key: 'visitedAt', label: t('visit.plannedOn') },
          { key: 'format', label: t('visit.format') },
          { key: 'officerIds', label: t('visit.officers') },
          { key: 'purpose', label: t('visit.purpose') },
          { key: 'topics', label: t('visit.topics') },
        ]}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) setVersion(conflict.latest.version);
          conflict.clear();
        }}
        onDiscard={() => {
          if (conflict.latest) {
            form.reset(planToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

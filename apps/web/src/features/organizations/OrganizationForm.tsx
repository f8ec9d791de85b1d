import {
  Button,
  Checkbox,
  Grid,
  Group,
  Select,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enumOptions, useLabels, useMunicipalityOptions } from '../../api/reference';
import type { ConsultationDesk, Organization, OrganizationStatus, Tier } from '../../api/types';
import { ConflictModal } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isValidCorporateNumber, normalizeDigits } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  useCreateOrganization,
  useFetchLatestOrganization,
  useUpdateOrganization,
  type CreatedOrganization,
  type CreateOrganizationBody,
  type UpdateOrganizationBody,
} from './api';

export interface OrgFormValues {
  name: string;
  nameKana: string;
  corporateNumber: string;
  legalForm: string | null;
  sector: string | null;
  technologies: string[];
  /** null: a candidate (only an existing record can be one; a new record is a target). */
  tier: Tier | null;
  municipality: string;
  address: string;
  postalCode: string;
  exportControlRelevant: boolean;
  consultationDesk: ConsultationDesk;
  status: OrganizationStatus;
  notes: string;
}

export function toFormValues(o?: Organization): OrgFormValues {
  return {
    name: o?.name ?? '',
    nameKana: o?.nameKana ?? '',
    corporateNumber: o?.corporateNumber ?? '',
    legalForm: o?.legalForm ?? null,
    sector: o?.sector ?? null,
    technologies: o?.technologies ?? [],
    // the server's default for a new organization; a candidate stays one until a tier is chosen
    tier: o ? o.tier : 'C',
    municipality: o?.municipality ?? '',
    address: o?.address ?? '',
    postalCode: o?.postalCode ?? '',
    exportControlRelevant: o?.exportControlRelevant ?? false,
    consultationDesk: o?.consultationDesk ?? 'none',
    status: o?.status ?? 'active',
    notes: o?.notes ?? '',
  };
}

/** Client-side checks; the server checks again and its messages win. */
export function validateOrganization(v: OrgFormValues, t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.name.trim()) errors.name = t('validation.required');
  const cn = normalizeDigits(v.corporateNumber);
  if (cn) {
    if (!/^\d{13}$/.test(cn)) errors.corporateNumber = t('validation.corporateNumberDigits');
    else if (!isValidCorporateNumber(cn)) errors.corporateNumber = t('validation.corporateNumberCheck');
  }
  const pc = normalizeDigits(v.postalCode);
  if (pc && !/^\d{7}$/.test(pc)) errors.postalCode = t('validation.postalCode');
  const mc = normalizeDigits(v.municipality);
  if (mc && !/^\d{5}$/.test(mc)) errors.municipality = t('validation.municipalityCode');
  return errors;
}

/** The fields a new organization and an edit both send: every one the form shows. */
type OrganizationFields = Required<
  Pick<CreateOrganizationBody, Exclude<keyof CreateOrganizationBody & keyof UpdateOrganizationBody, 'tier'>>
>;

/**
 * The form's fields as the contract's DTOs name them, normalized (digits, blanks → null). An
 * object literal typed as the DTOs' shared fields: a field the server does not take fails the
 * type check.
 */
export function organizationFields(v: OrgFormValues): OrganizationFields {
  return {
    name: v.name.trim(),
    nameKana: blankToNull(v.nameKana),
    corporateNumber: blankToNull(normalizeDigits(v.corporateNumber)),
    legalForm: v.legalForm,
    sector: v.sector,
    technologies: v.technologies,
    municipality: blankToNull(normalizeDigits(v.municipality)),
    address: blankToNull(v.address),
    postalCode: blankToNull(normalizeDigits(v.postalCode)),
    exportControlRelevant: v.exportControlRelevant,
    consultationDesk: v.consultationDesk,
    notes: blankToNull(v.notes),
  };
}

/** POST /organizations: a new record is active; the server sets the status. */
export function createOrganizationBody(v: OrgFormValues): CreateOrganizationBody {
  // a record made by hand is a target (the server refuses null)
  return { ...organizationFields(v), tier: v.tier ?? 'C' };
}

/** PATCH /organizations/:id: the fields, the status (active or closed; archiving is DELETE), the version read. */
export function updateOrganizationBody(v: OrgFormValues, version: number): UpdateOrganizationBody {
  return {
    ...organizationFields(v),
    // null keeps a candidate a candidate (and turns a target back into one)
    tier: v.tier,
    ...(v.status === 'archived' ? {} : { status: v.status }),
    version,
  };
}

export function OrganizationForm({
  organization,
  onSaved,
  onCancel,
}: {
  organization?: Organization;
  onSaved: (org: Organization) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const municipalities = useMunicipalityOptions();
  const creating = !organization;
  const form = useFormState<OrgFormValues>(() => toFormValues(organization));
  const [version, setVersion] = useState(organization?.version);
  const id = organization?.id;
  const createOrganization = useCreateOrganization();
  const updateOrganization = useUpdateOrganization();
  const fetchLatest = useFetchLatestOrganization();
  const { values, set, errors, textField } = form;

  const saver = useSaveForm({
    form,
    validate: (v) => validateOrganization(v, t),
    fetchLatest: () => fetchLatest(id!),
    save: (v, attempt): Promise<Organization | CreatedOrganization> =>
      id && version !== undefined
        ? updateOrganization.mutateAsync({ id, body: updateOrganizationBody(v, version) })
        : createOrganization.mutateAsync({
            body: createOrganizationBody(v),
            idempotencyKey: attempt.idempotencyKey,
          }),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(creating ? t('org.created') : t('common.saved'));
      const duplicates = 'possibleDuplicates' in saved ? (saved.possibleDuplicates ?? []) : [];
      if (duplicates.length > 0)
        notifications.show({
          color: 'yellow',
          title: t('org.possibleDuplicatesTitle'),
          message: t('org.possibleDuplicates', { names: duplicates.map((d) => d.name).join('、') }),
          autoClose: false,
        });
      onSaved(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;

  const legalForms = labels.codeOptions('legalForm');
  const fieldLabels = {
    name: t('org.name'),
    nameKana: t('org.nameKana'),
    corporateNumber: t('org.corporateNumber'),
    legalForm: t('org.legalForm'),
    sector: t('org.sector'),
    technologies: t('org.technologies'),
    tier: t('org.tier'),
    municipality: t('org.municipality'),
    address: t('org.address'),
    postalCode: t('org.postalCode'),
    exportControlRelevant: t('org.exportControlRelevant'),
    consultationDesk: t('org.consultationDesk'),
    status: t('org.status'),
    notes: t('org.notes'),
  };

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={creating ? t('org.createTitle') : t('org.editTitle')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={fieldLabels.name} required {...textField('name')} data-autofocus />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label={fieldLabels.nameKana} {...textField('nameKana')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={fieldLabels.corporateNumber}
              description={t('org.corporateNumberHint')}
              inputMode="numeric"
              maxLength={20}
              {...textField('corporateNumber')}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            {legalForms.length > 0 ? (
              <Select
                label={fieldLabels.legalForm}
                data={legalForms}
                value={values.legalForm}
                onChange={(v) => set('legalForm', v)}
                error={errors.legalForm}
                clearable
                searchable
              />
            ) : (
              <TextInput
                label={fieldLabels.legalForm}
                value={values.legalForm ?? ''}
                onChange={(e) => set('legalForm', e.currentTarget.value || null)}
                error={errors.legalForm}
              />
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={fieldLabels.sector}
              data={labels.codeOptions('sector')}
              value={values.sector}
              onChange={(v) => set('sector', v)}
              error={errors.sector}
              clearable
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Text component="label" size="sm" fw={500} id="org-tier-label" display="block">
              {fieldLabels.tier}
            </Text>
            <SegmentedControl
              aria-labelledby="org-tier-label"
              fullWidth
              data={[
                ...enumOptions(t, 'tier', ['A', 'B', 'C']),
                // an existing record may be (or go back to being) a candidate
                ...(organization ? [{ value: 'candidate', label: t('triage.candidate') }] : []),
              ]}
              value={values.tier ?? 'candidate'}
              onChange={(v) => set('tier', v === 'candidate' ? null : (v as Tier))}
            />
            {errors.tier && (
              <Text c="red" size="xs">
                {errors.tier}
              </Text>
            )}
          </Grid.Col>
          <Grid.Col span={12}>
            <TagsInput
              label={fieldLabels.technologies}
              description={t('org.technologiesHint')}
              value={values.technologies}
              onChange={(v) => set('technologies', v)}
              error={errors.technologies}
              clearable
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={fieldLabels.postalCode}
              inputMode="numeric"
              {...textField('postalCode')}
              placeholder="740-0021"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            {municipalities.length > 0 ? (
              <Select
                label={fieldLabels.municipality}
                data={municipalities}
                value={values.municipality || null}
                onChange={(v) => set('municipality', v ?? '')}
                error={errors.municipality}
                searchable
                clearable
              />
            ) : (
              <TextInput
                label={fieldLabels.municipality}
                description={t('validation.municipalityCode')}
                inputMode="numeric"
                maxLength={5}
                {...textField('municipality')}
                placeholder="35208"
              />
            )}
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput label={fieldLabels.address} {...textField('address')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={fieldLabels.consultationDesk}
              data={enumOptions(t, 'consultationDesk', ['none', 'planned', 'established'])}
              value={values.consultationDesk}
              onChange={(v) => v && set('consultationDesk', v as ConsultationDesk)}
              error={errors.consultationDesk}
              allowDeselect={false}
            />
          </Grid.Col>
          {!creating && (
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={fieldLabels.status}
                data={enumOptions(
                  t,
                  'orgStatus',
                  values.status === 'archived' ? ['active', 'closed', 'archived'] : ['active', 'closed'],
                )}
                value={values.status}
                onChange={(v) => v && set('status', v as OrganizationStatus)}
                error={errors.status}
                allowDeselect={false}
              />
            </Grid.Col>
          )}
          <Grid.Col span={12}>
            <Checkbox
              label={fieldLabels.exportControlRelevant}
              checked={values.exportControlRelevant}
              onChange={(e) => set('exportControlRelevant', e.currentTarget.checked)}
              error={errors.exportControlRelevant}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea label={fieldLabels.notes} autosize minRows={2} {...textField('notes')} />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={() => saver.cancel(onCancel)}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={{ ...organizationFields(values), status: values.status }}
        myVersion={version}
        fields={Object.entries(fieldLabels).map(([key, label]) => ({ key, label }))}
        onClose={conflict.clear}
        onKeep={() => {
          const latest = conflict.latest;
          if (latest) {
            setVersion(latest.version);
            notifySuccess(t('conflict.reloaded', { version: latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          const latest = conflict.latest;
          if (latest) {
            form.reset(toFormValues(latest));
            setVersion(latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

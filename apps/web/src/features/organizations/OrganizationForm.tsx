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
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { enumOptions, useLabels, useMunicipalityOptions } from '../../api/reference';
import type { ConsultationDesk, Organization, OrganizationStatus, Tier } from '../../api/types';
import { ConflictModal, useConflict } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isValidCorporateNumber, normalizeDigits } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';

export interface OrgFormValues {
  name: string;
  nameKana: string;
  corporateNumber: string;
  legalForm: string | null;
  sector: string | null;
  technologies: string[];
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
    tier: o?.tier ?? null,
    municipality: o?.municipality ?? o?.municipalityCode ?? '',
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

export function toPayload(v: OrgFormValues, creating: boolean) {
  const pc = normalizeDigits(v.postalCode);
  return {
    name: v.name.trim(),
    nameKana: blankToNull(v.nameKana),
    corporateNumber: blankToNull(normalizeDigits(v.corporateNumber)),
    legalForm: v.legalForm,
    sector: v.sector,
    technologies: v.technologies,
    tier: v.tier,
    municipality: blankToNull(normalizeDigits(v.municipality)),
    address: blankToNull(v.address),
    postalCode: pc || null,
    exportControlRelevant: v.exportControlRelevant,
    consultationDesk: v.consultationDesk,
    // archiving is DELETE; PATCH moves between active and closed only
    ...(creating || v.status === 'archived' ? {} : { status: v.status }),
    notes: blankToNull(v.notes),
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
  const queryClient = useQueryClient();
  const creating = !organization;
  const form = useFormState<OrgFormValues>(() => toFormValues(organization));
  const [version, setVersion] = useState(organization?.version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = organization?.id;
  const fetchLatest = useCallback(() => api.get<Organization>(`/organizations/${id}`), [id]);
  const conflict = useConflict(fetchLatest);
  const { values, set, errors, textField } = form;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const clientErrors = validateOrganization(values, t);
    form.setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const payload = toPayload(values, creating);
      const saved = creating
        ? await api.post<Organization>('/organizations', payload)
        : await api.patch<Organization>(`/organizations/${id}`, { ...payload, version });
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
      notifySuccess(creating ? t('org.created') : t('common.saved'));
      onSaved(saved);
    } catch (err) {
      if (await conflict.check(err)) return;
      if (err instanceof ApiError) form.setErrors(err.fieldErrors);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

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
      onSubmit={(e) => void onSubmit(e)}
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
              data={[{ value: '', label: t('common.notSet') }, ...enumOptions(t, 'tier', ['A', 'B', 'C'])]}
              value={values.tier ?? ''}
              onChange={(v) => set('tier', (v || null) as Tier | null)}
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
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest as unknown as Record<string, unknown> | null}
        mine={toPayload(values, false)}
        myVersion={version}
        fields={Object.entries(fieldLabels).map(([key, label]) => ({ key, label }))}
        onClose={conflict.clear}
        onKeep={() => {
          const latest = conflict.latest;
          if (latest) {
            setVersion(latest.version);
            queryClient.setQueryData(['organizations', 'detail', latest.id], latest);
            notifySuccess(t('conflict.reloaded', { version: latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          const latest = conflict.latest;
          if (latest) {
            form.reset(toFormValues(latest));
            setVersion(latest.version);
            queryClient.setQueryData(['organizations', 'detail', latest.id], latest);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

import { Badge, Button, Card, Group, Loader, Paper, SimpleGrid, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useLabels } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CoverageBadge } from '../../components/StatusBadge';
import { formatDate, formatPostalCode } from '../../lib/format';
import { municipalityLabel } from '../../lib/municipalities';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { useArchiveOrganization, useOrganization } from './api';
import { ContactsPanel } from './ContactsPanel';
import { OrganizationForm } from './OrganizationForm';
import { TimelinePanel } from './TimelinePanel';

const TABS = ['details', 'contacts', 'timeline'] as const;
type OrganizationTab = (typeof TABS)[number];
const isTab = (v: string | null): v is OrganizationTab => TABS.includes(v as OrganizationTab);

export function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [archiveOpen, setArchiveOpen] = useState(false);
  // the tab is in the URL (?tab=contacts), so a reload or a shared link keeps it
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: OrganizationTab = isTab(requested) ? requested : 'details';
  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (!isTab(value) || value === 'details') next.delete('tab');
    else next.set('tab', value);
    setParams(next, { replace: true });
  };
  const { data: org, error, refetch } = useOrganization(id);
  const archiveOrganization = useArchiveOrganization();

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!org) return <Loader aria-label={t('app.loading')} />;

  const lang = i18n.language;
  const state = org.coverage;
  // an archived record is history: the server refuses changes to it and to its contacts
  const editable = canEditRecords(me.role) && org.status !== 'archived';

  const archive = async () => {
    try {
      await archiveOrganization.mutateAsync(org.id);
      notifySuccess(t('org.archived'));
      void navigate('/organizations');
    } catch (err) {
      notifyError(err, t);
    } finally {
      setArchiveOpen(false);
    }
  };

  return (
    <>
      <PageHeader
        title={org.name}
        sub={
          <Group gap="xs" mt={4}>
            {org.nameKana && (
              <Text size="sm" c="dimmed">
                {org.nameKana}
              </Text>
            )}
            {org.status !== 'active' && <Badge color="gray">{t(`enums.orgStatus.${org.status}`)}</Badge>}
          </Group>
        }
        actions={
          editable && (
            <>
              <Button component={Link} to={`/visits/new?organizationId=${org.id}`}>
                {t('org.logVisit')}
              </Button>
              <Button component={Link} to={`/visits/plan?organizationId=${org.id}`} variant="light">
                {t('org.planVisit')}
              </Button>
              <Button variant="default" color="red" onClick={() => setArchiveOpen(true)}>
                {t('org.archive')}
              </Button>
            </>
          )
        }
      />

      <Card withBorder mb="md" component="section" aria-label={t('org.coverageState')}>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <div>
            <Text size="xs" c="dimmed">
              {t('org.coverageState')}
            </Text>
            <CoverageBadge state={state} />
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('org.lastReachedOn')}
            </Text>
            <Text fw={600}>{formatDate(org.lastReachedOn, lang) || t('org.never')}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('org.nextDueOn')}
            </Text>
            <Text fw={600} c={state === 'overdue' ? 'red.8' : undefined}>
              {formatDate(org.nextDueOn, lang) || '—'}
            </Text>
          </div>
        </SimpleGrid>
      </Card>

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('org.details')}</Tabs.Tab>
          <Tabs.Tab value="contacts">{t('org.contacts')}</Tabs.Tab>
          <Tabs.Tab value="timeline">{t('org.timeline')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="details" pt="md">
          <Paper withBorder p="md">
            {editing ? (
              <OrganizationForm
                organization={org}
                onSaved={() => setEditing(false)}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <>
                <DetailList
                  items={[
                    { label: t('org.corporateNumber'), value: org.corporateNumber },
                    { label: t('org.legalForm'), value: labels.code('legalForm', org.legalForm) },
                    { label: t('org.sector'), value: labels.code('sector', org.sector) },
                    {
                      label: t('org.tier'),
                      // no tier: a candidate (from the register, not chosen; not counted in coverage)
                      value: org.tier ? t(`enums.tier.${org.tier}`) : t('triage.candidate'),
                    },
                    { label: t('org.technologies'), value: org.technologies?.join('、') },
                    {
                      label: t('org.exportControlRelevant'),
                      value: org.exportControlRelevant ? t('common.yes') : t('common.no'),
                    },
                    {
                      label: t('org.consultationDesk'),
                      value: t(`enums.consultationDesk.${org.consultationDesk}`),
                    },
                    {
                      label: t('org.municipality'),
                      value: municipalityLabel(org.municipality, org.municipalityName),
                    },
                    { label: t('org.postalCode'), value: formatPostalCode(org.postalCode) },
                    { label: t('org.address'), value: org.address },
                    { label: t('org.status'), value: t(`enums.orgStatus.${org.status}`) },
                    ...(org.closedOn
                      ? [{ label: t('org.closedOn'), value: formatDate(org.closedOn, lang) }]
                      : []),
                    { label: t('org.notes'), value: org.notes },
                  ]}
                />
                {editable && (
                  <Group justify="flex-end" mt="md">
                    <Button variant="default" onClick={() => setEditing(true)}>
                      {t('common.edit')}
                    </Button>
                  </Group>
                )}
              </>
            )}
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="md">
          <ContactsPanel organizationId={org.id} editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelinePanel organizationId={org.id} />
        </Tabs.Panel>
      </Tabs>

      <ConfirmModal
        opened={archiveOpen}
        message={t('org.archiveConfirm')}
        confirmLabel={t('org.archive')}
        loading={archiveOrganization.isPending}
        onConfirm={() => void archive()}
        onClose={() => setArchiveOpen(false)}
      />
    </>
  );
}

import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CoverageState, FollowUpStatus, VisitStatus } from '../api/types';

const VISIT_COLORS: Record<VisitStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'teal',
  returned: 'orange',
  planned: 'violet',
  cancelled: 'dark',
};

export function VisitStatusBadge({ status }: { status: VisitStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={VISIT_COLORS[status] ?? 'gray'} variant="light">
      {t(`enums.visitStatus.${status}`)}
    </Badge>
  );
}

const COVERAGE_COLORS: Record<CoverageState, string> = { reached: 'teal', overdue: 'red', never: 'gray' };

export function CoverageBadge({ state }: { state: CoverageState | null | undefined }) {
  const { t } = useTranslation();
  if (!state) return null;
  return (
    <Badge color={COVERAGE_COLORS[state]} variant={state === 'overdue' ? 'filled' : 'light'}>
      {t(`enums.coverage.${state}`)}
    </Badge>
  );
}

const FOLLOW_UP_COLORS: Record<FollowUpStatus, string> = {
  open: 'gray',
  in_progress: 'blue',
  done: 'teal',
  dropped: 'dark',
};

export function FollowUpStatusBadge({ status }: { status: FollowUpStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={FOLLOW_UP_COLORS[status]} variant="light">
      {t(`enums.followUpStatus.${status}`)}
    </Badge>
  );
}

/** Derive the coverage state from the two dates when the API does not send it. */
export function coverageOf(
  lastReachedOn: string | null | undefined,
  nextDueOn: string | null | undefined,
  today: string,
): CoverageState {
  if (!lastReachedOn) return 'never';
  if (nextDueOn && nextDueOn < today) return 'overdue';
  return 'reached';
}

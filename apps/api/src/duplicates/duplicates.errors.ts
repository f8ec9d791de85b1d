import { DomainError } from '../../../../libs/http/domain-error';

export const DuplicatesErrors = {
  resolved: (status: string) =>
    new DomainError(
      'conflict',
      'duplicate.resolved',
      'この重複候補は既に処理されています (the duplicate candidate was already resolved)',
      undefined,
      { status },
    ),
  keepNotInPair: () =>
    new DomainError(
      'invalid',
      'validation_failed',
      'keepId はこの候補の事業者のどちらかです (keepId must be one of the pair)',
      [{ field: 'keepId', message: 'keepId はこの候補の事業者のどちらかです' }],
    ),
  gone: () =>
    new DomainError(
      'conflict',
      'duplicate.organization_gone',
      'どちらかの事業者が既にアーカイブまたは統合されています (one of the pair is archived or merged)',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `DuplicatesErrorCode`). */
export const DUPLICATES_ERROR_CODES = [
  'duplicate.not_found',
  'duplicate.resolved',
  'duplicate.organization_gone',
  'station.not_found',
  'organization.not_found',
  'organization.stale_version',
  'organization.merge_archived',
  'organization.archived',
] as const;

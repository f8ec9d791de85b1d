import { DomainError } from '../../../../libs/http/domain-error';

export const WorkloadErrors = {
  /** A manager without a station has no officers to show. */
  noStation: () =>
    new DomainError(
      'forbidden',
      'workload.no_station',
      '所属警察署のない利用者は業務量を表示できません (the workload is a station manager’s view)',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `WorkloadErrorCode`). */
export const WORKLOAD_ERROR_CODES = ['workload.no_station'] as const;

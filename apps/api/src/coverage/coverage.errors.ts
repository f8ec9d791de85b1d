import { CommonErrors } from '../../../../libs/http/domain-error';

export const CoverageErrors = {
  /** A station user naming another station: "not found", so its existence does not leak. */
  stationNotFound: () => CommonErrors.notFound('station'),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `CoverageErrorCode`). */
export const COVERAGE_ERROR_CODES = [
  'station.not_found',
] as const;

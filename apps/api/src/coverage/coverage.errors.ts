import { CommonErrors } from '../../../../libs/http/domain-error';

export const CoverageErrors = {
  /** A station user naming another station: "not found", so its existence does not leak. */
  stationNotFound: () => CommonErrors.notFound('station'),
};

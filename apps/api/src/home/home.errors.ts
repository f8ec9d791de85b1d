import { DomainError } from '../../../../libs/http/domain-error';

export const HomeErrors = {
  /** An officer or manager without a station has no station home to show. */
  noStation: () =>
    new DomainError(
      'forbidden',
      'home.no_station',
      '所属警察署のない利用者にはホーム画面がありません (a station user without a station)',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `HomeErrorCode`). */
export const HOME_ERROR_CODES = ['home.no_station'] as const;

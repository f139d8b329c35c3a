import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';

/**
 * The server's message for API errors; for a browser-side passkey failure (cancelled, not
 * supported), a sentence that says so instead of a generic page error.
 */
export function MfaErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const shown = error instanceof ApiError ? error : new ApiError(0, 'passkey.browser', t('mfa.passkey.browserFailed'));
  return <ErrorAlert error={shown} />;
}

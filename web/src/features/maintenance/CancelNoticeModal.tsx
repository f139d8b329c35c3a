import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../i18n/useLang';
import { useCancelNotice, type MaintenanceNotice } from './api';
import { NoticeDialog } from './NoticeDialog';
import { windowText } from './noticeTime';

interface CancelNoticeModalProps {
  notice: MaintenanceNotice;
  affectedTenants: number;
  onClose: () => void;
  notify: (message: string) => void;
}

/** Confirms cancelling a maintenance, naming its window and how many tenants are mailed; asks why. */
export function CancelNoticeModal({ notice, affectedTenants, onClose, notify }: CancelNoticeModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const cancel = useCancelNotice(notice.id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();

  const confirm = () => {
    if (reason.trim() === '') {
      setError(t('validation.required'));
      return;
    }
    cancel.mutate(reason.trim(), {
      onSuccess: (result) => {
        notify(t('maintenance.cancelDialog.done', { count: result.notice.notified }));
        onClose();
      },
      onError: (failure) => {
        if (failure instanceof ApiError) setError(failure.fields.reason);
      },
    });
  };

  return (
    <NoticeDialog title={t('maintenance.cancelDialog.title')} onClose={onClose}>
      <Stack>
        {cancel.isError && <ErrorAlert error={cancel.error} fieldsShownInline={['reason']} />}
        <Text>{t('maintenance.cancelDialog.body', { window: windowText(notice.startsAt, notice.endsAt, lang), count: affectedTenants })}</Text>
        <Textarea
          label={t('maintenance.cancelDialog.reason')}
          description={t('maintenance.cancelDialog.reasonHint')}
          required
          autosize
          minRows={2}
          value={reason}
          error={error}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(undefined);
          }}
          data-testid="maintenance-cancel-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('maintenance.cancelDialog.back')}
          </Button>
          <Button color="red" onClick={confirm} loading={cancel.isPending} data-testid="maintenance-cancel-confirm">
            {t('maintenance.cancelDialog.submit')}
          </Button>
        </Group>
      </Stack>
    </NoticeDialog>
  );
}

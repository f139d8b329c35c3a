import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import classes from './ops.module.css';
import { useStaffDetail, type StaffAccount, type StaffCommand, type TrainingRecord } from './staffApi';
import { roleLabel, StaffStatusBadge } from './staffLabels';
import { ChangeRolesModal, StaffCommandModal } from './StaffModals';
import { DeleteTrainingModal, TrainingForm, TrainingTable } from './TrainingSection';

type Dialog = { kind: 'roles' } | { kind: 'command'; command: StaffCommand } | { kind: 'delete-training'; record: TrainingRecord } | null;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** The buttons for what the server allows on this account. */
function AccountActions({ staff, open }: { staff: StaffAccount; open: (dialog: Dialog) => void }) {
  const { t } = useTranslation();
  const a = staff.actions;
  const buttons: { show: boolean; label: string; dialog: Dialog; danger?: boolean; id: string }[] = [
    { show: a.changeRoles, label: t('ops.staff.changeRoles.button'), dialog: { kind: 'roles' }, id: 'roles' },
    { show: a.unlock, label: t('ops.staff.command.unlock.button'), dialog: { kind: 'command', command: 'unlock' }, id: 'unlock' },
    { show: a.resendSetup, label: t('ops.staff.command.setupLink.button'), dialog: { kind: 'command', command: 'setup-link' }, id: 'setup-link' },
    { show: a.resetMfa, label: t('ops.staff.command.mfaReset.button'), dialog: { kind: 'command', command: 'mfa-reset' }, danger: true, id: 'mfa-reset' },
    { show: a.enable, label: t('ops.staff.command.enable.button'), dialog: { kind: 'command', command: 'enable' }, id: 'enable' },
    { show: a.disable, label: t('ops.staff.command.disable.button'), dialog: { kind: 'command', command: 'disable' }, danger: true, id: 'disable' },
  ];
  const shown = buttons.filter((b) => b.show);
  if (shown.length === 0) return null;
  return (
    <Group gap="xs">
      {shown.map((b) => (
        <Button key={b.id} variant={b.danger ? 'outline' : 'default'} color={b.danger ? 'red.9' : undefined} onClick={() => open(b.dialog)} data-testid={`staff-action-${b.id}`}>
          {b.label}
        </Button>
      ))}
    </Group>
  );
}

/** `/ops/staff/:staffId`: one staff account, what may be done to it, and its training records. */
export function StaffDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { staffId = '' } = useParams();
  const detail = useStaffDetail(staffId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(detail.data ? detail.data.staff.displayName : t('ops.staff.title'));

  if (detail.isPending) return <LoadingState />;
  if (isApiStatus(detail.error, 404) || isApiStatus(detail.error, 400)) {
    return (
      <Alert color="yellow" title={t('ops.staff.notFoundTitle')} data-testid="staff-not-found">
        {t('ops.staff.notFoundBody')}{' '}
        <Anchor component={Link} to="/ops/staff">
          {t('ops.staff.backToList')}
        </Anchor>
      </Alert>
    );
  }
  if (isApiStatus(detail.error, 403)) {
    return (
      <Alert color="yellow" title={t('ops.forbiddenTitle')}>
        {t('ops.staff.forbidden')}
      </Alert>
    );
  }
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const { staff, training, roles } = detail.data;
  const close = () => setDialog(null);

  return (
    <Stack>
      <Anchor component={Link} to="/ops/staff" size="sm">
        {t('ops.staff.backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} data-testid="staff-detail-name">
            {staff.displayName}
          </Title>
          <Text c="dimmed" className={classes.breakAll}>
            {staff.email}
          </Text>
        </div>
        <AccountActions staff={staff} open={setDialog} />
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('ops.close')} onClose={() => setNotice(null)} data-testid="staff-notice">
          {notice}
        </Alert>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Fact label={t('ops.staff.statusLabel')}>
            <Group gap={4}>
              <StaffStatusBadge status={staff.status} />
              {staff.locked && staff.lockedUntil && (
                <Badge color="red.9" variant="filled" data-testid="staff-locked">
                  {t('ops.staff.lockedUntil', { date: formatDateTime(staff.lockedUntil, lang) })}
                </Badge>
              )}
            </Group>
          </Fact>
          <Fact label={t('ops.staff.roles')}>{staff.roles.map((r) => roleLabel(roles, r, lang)).join(lang === 'ja' ? '、' : ', ')}</Fact>
          <Fact label={t('ops.staff.mfaLabel')}>{staff.mfaEnrolled ? t('ops.staff.mfa.enrolled') : t('ops.staff.mfa.notEnrolled')}</Fact>
          <Fact label={t('ops.staff.lastSignIn')}>{staff.lastSignInAt ? formatDateTime(staff.lastSignInAt, lang) : t('ops.staff.never')}</Fact>
          <Fact label={t('ops.staff.createdAt')}>{formatDateTime(staff.createdAt, lang)}</Fact>
          {staff.status === 'invited' && (
            <Fact label={t('ops.staff.setupExpiresAt')}>{staff.setupExpiresAt ? formatDateTime(staff.setupExpiresAt, lang, { withZone: true }) : t('ops.staff.setupExpired')}</Fact>
          )}
        </SimpleGrid>
      </Card>
      <Title order={2} size="h3">
        {t('ops.training.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('ops.training.intro')}
      </Text>
      <TrainingTable records={training} onDelete={staff.actions.recordTraining ? (record) => setDialog({ kind: 'delete-training', record }) : undefined} />
      {staff.actions.recordTraining && (
        <Card withBorder component="section" aria-labelledby="training-form-title">
          <Title order={3} size="h4" id="training-form-title" mb="xs">
            {t('ops.training.formTitle')}
          </Title>
          <TrainingForm staffId={staff.id} onRecorded={(course) => setNotice(t('ops.training.recorded', { course, name: staff.displayName }))} />
        </Card>
      )}
      {dialog?.kind === 'roles' && <ChangeRolesModal staff={staff} roles={roles} onClose={close} notify={setNotice} />}
      {dialog?.kind === 'command' && <StaffCommandModal staff={staff} command={dialog.command} onClose={close} notify={setNotice} />}
      {dialog?.kind === 'delete-training' && (
        <DeleteTrainingModal
          staffId={staff.id}
          record={dialog.record}
          onClose={close}
          onDeleted={() => {
            setNotice(t('ops.training.deleted', { course: dialog.record.course }));
            close();
          }}
        />
      )}
    </Stack>
  );
}

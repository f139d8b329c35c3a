import { Button, EmptyState, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ConsoleDialog } from './ConsoleDialog';
import classes from './ops.module.css';
import { useDeleteTraining, useRecordTraining, type TrainingRecord } from './staffApi';
import { formatDay, TrainingStateBadge } from './staffLabels';

/** The training records of one staff member; overdue ones in red and named as overdue. */
export function TrainingTable({ records, onDelete }: { records: TrainingRecord[]; onDelete?: (record: TrainingRecord) => void }) {
  const { t } = useTranslation();
  if (records.length === 0) {
    return <EmptyState title={t('ops.training.emptyTitle')} description={t('ops.training.emptyBody')} data-testid="training-empty" />;
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid="training-table">
        <Table.Caption>{t('ops.training.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('ops.training.course')}</Table.Th>
            <Table.Th scope="col">{t('ops.training.takenOn')}</Table.Th>
            <Table.Th scope="col">{t('ops.training.score')}</Table.Th>
            <Table.Th scope="col">{t('ops.training.nextDueOn')}</Table.Th>
            <Table.Th scope="col">{t('ops.training.stateLabel')}</Table.Th>
            <Table.Th scope="col">{t('ops.training.recordedBy')}</Table.Th>
            {onDelete && <Table.Th scope="col">{t('ops.training.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => (
            <Table.Tr key={record.id} data-testid="training-row" data-state={record.state}>
              <Table.Td className={record.state === 'overdue' ? classes.overdue : undefined}>{record.course}</Table.Td>
              <Table.Td>{formatDay(record.takenOn)}</Table.Td>
              <Table.Td>{record.score === null ? t('ops.training.noScore') : t('ops.training.scoreValue', { score: record.score })}</Table.Td>
              <Table.Td className={record.state === 'overdue' ? classes.overdue : undefined}>{record.nextDueOn ? formatDay(record.nextDueOn) : t('ops.training.noDue')}</Table.Td>
              <Table.Td>
                <TrainingStateBadge state={record.state} />
              </Table.Td>
              <Table.Td>{record.recordedByName}</Table.Td>
              {onDelete && (
                <Table.Td>
                  <Button size="compact-sm" variant="outline" color="red.9" onClick={() => onDelete(record)} aria-label={t('ops.training.deleteLabel', { course: record.course })}>
                    {t('ops.training.delete')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface TrainingFields {
  course: string;
  takenOn: string;
  score: string | number;
  nextDueOn: string;
}

const EMPTY: TrainingFields = { course: '', takenOn: '', score: '', nextDueOn: '' };

/** Records a training a staff member took; the server's messages appear beside the fields. */
export function TrainingForm({ staffId, onRecorded }: { staffId: string; onRecorded: (course: string) => void }) {
  const { t } = useTranslation();
  const record = useRecordTraining(staffId);
  const [values, setValues] = useState<TrainingFields>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof TrainingFields, string>>>({});
  const set = (name: keyof TrainingFields) => (value: string | number) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Partial<Record<keyof TrainingFields, string>> = {};
    if (values.course.trim() === '') missing.course = t('validation.required');
    if (values.takenOn === '') missing.takenOn = t('validation.required');
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    record.mutate(
      {
        course: values.course.trim(),
        takenOn: values.takenOn,
        score: values.score === '' ? null : Number(values.score),
        nextDueOn: values.nextDueOn === '' ? null : values.nextDueOn,
      },
      {
        onSuccess: () => {
          onRecorded(values.course.trim());
          setValues(EMPTY);
        },
        onError: (error) => {
          if (error instanceof ApiError) setErrors(error.fields as Partial<Record<keyof TrainingFields, string>>);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('ops.training.formTitle')} data-testid="training-form">
      <Stack gap="sm">
        {record.isError && <ErrorAlert error={record.error} fieldsShownInline={['course', 'takenOn', 'score', 'nextDueOn']} />}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <TextInput label={t('ops.training.course')} required value={values.course} error={errors.course} onChange={(e) => set('course')(e.currentTarget.value)} data-testid="training-course" />
          <TextInput type="date" label={t('ops.training.takenOn')} required value={values.takenOn} error={errors.takenOn} onChange={(e) => set('takenOn')(e.currentTarget.value)} data-testid="training-taken-on" />
          <NumberInput
            label={t('ops.training.score')}
            description={t('ops.training.scoreHint')}
            min={0}
            max={100}
            allowDecimal={false}
            value={values.score}
            error={errors.score}
            onChange={set('score')}
            data-testid="training-score"
          />
          <TextInput type="date" label={t('ops.training.nextDueOn')} description={t('ops.training.nextDueHint')} value={values.nextDueOn} error={errors.nextDueOn} onChange={(e) => set('nextDueOn')(e.currentTarget.value)} data-testid="training-next-due" />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={record.isPending} data-testid="training-submit">
            {t('ops.training.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Confirms deleting a mistaken training record by its course name. */
export function DeleteTrainingModal({ staffId, record, onClose, onDeleted }: { staffId: string; record: TrainingRecord; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTraining(staffId);
  return (
    <ConsoleDialog title={t('ops.training.deleteTitle')} onClose={onClose}>
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>{t('ops.training.deleteConfirm', { course: record.course, date: formatDay(record.takenOn) })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('ops.cancel')}
          </Button>
          <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(record.id, { onSuccess: onDeleted })} data-testid="training-delete-confirm">
            {t('ops.training.deleteSubmit', { course: record.course })}
          </Button>
        </Group>
      </Stack>
    </ConsoleDialog>
  );
}

import { Alert, Anchor, Button, FileInput, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RowsRejected, useImportProducts, type ProductImportResult } from '../api';
import { RowErrorTable, SurveyDialog } from './shared';

const ACCEPT = '.zip,.xml,.csv,.xlsx,application/zip,application/xml,text/xml,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * ファイル取り込み: products (with their composition) from a chemSHERPA, IEC 62474, IPC-1752A,
 * CSV or Excel file. Products with a known product number are updated, others created.
 */
export function ProductImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<ProductImportResult | null>(null);
  const upload = useImportProducts();
  const rejected = upload.error instanceof RowsRejected ? upload.error : null;

  return (
    <SurveyDialog title={t('surveyProducts.import.title')} onClose={onClose} size="xl">
      <Stack data-testid="survey-product-import-dialog">
        <Text size="sm">{t('surveyProducts.import.intro')}</Text>
        {done ? (
          <Alert color="green" role="status" data-testid="survey-product-import-done">
            <Text size="sm">{t('surveyProducts.import.done', { created: done.created, updated: done.updated })}</Text>
            <List size="sm" mt="xs">
              {done.products.slice(0, 20).map((product) => (
                <List.Item key={product.id}>
                  <Anchor component={Link} to={`/s/survey/products/${product.id}`} size="sm" c="blue.9" onClick={onClose}>
                    {product.productNumber} {product.name}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <>
            <FileInput
              label={t('surveyProducts.import.file')}
              description={t('surveyProducts.import.fileHint')}
              accept={ACCEPT}
              value={file}
              onChange={(next) => {
                setFile(next);
                upload.reset();
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('surveyProducts.import.clearFile') }}
              data-testid="survey-product-import-file"
            />
            {rejected && (
              <Stack gap="xs">
                <Alert color="red" title={t('surveyProducts.import.rejected')}>
                  {rejected.message}
                </Alert>
                <RowErrorTable rows={rejected.rows} testId="survey-product-import-errors" />
              </Stack>
            )}
            {upload.isError && !rejected && <ErrorAlert error={upload.error} />}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="survey-product-import-close">
            {done ? t('survey.close') : t('survey.cancel')}
          </Button>
          {!done && (
            <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file, { onSuccess: setDone })} data-testid="survey-product-import-run">
              {t('surveyProducts.import.run')}
            </Button>
          )}
        </Group>
      </Stack>
    </SurveyDialog>
  );
}

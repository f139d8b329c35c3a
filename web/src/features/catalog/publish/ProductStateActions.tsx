import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDeleteProduct, usePlan, useProductTransition, type Product, type ProductTransition } from '../api';
import { ConfirmDialog } from './shared';

type Action = ProductTransition | 'delete';

/** The actions each state allows: draft→published, published→draft or archived, archived→draft; only drafts are deleted. */
const ACTIONS: Record<Product['status'], readonly Action[]> = {
  draft: ['publish', 'delete'],
  published: ['unpublish', 'archive'],
  archived: ['restore'],
};

/** 公開 / 公開停止 / アーカイブ / 下書きに戻す / 削除, each confirmed with the product's name. */
export function ProductStateActions({ product, dirty }: { product: Product; dirty: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const plan = usePlan();
  const transition = useProductTransition(product.id);
  const remove = useDeleteProduct();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const mayPublish = plan.data?.publisher === true;

  const close = () => {
    setConfirming(null);
    transition.reset();
    remove.reset();
  };
  const confirm = () => {
    if (confirming === null) return;
    if (confirming === 'delete') {
      remove.mutate(product.id, { onSuccess: () => void navigate('/s/catalog/products', { state: { notice: t('catalogPublish.actions.deleted', { name: product.name }) } }) });
      return;
    }
    const done = confirming;
    transition.mutate(
      { transition: done, version: product.version ?? 1 },
      {
        onSuccess: (changed) => {
          setConfirming(null);
          // The notice replaces whatever the page was carrying (e.g. "created as a draft").
          void navigate(`/s/catalog/products/${changed.id}`, { replace: true, state: { notice: t(`catalogPublish.actions.${done}Done`, { name: changed.name }) } });
        },
      },
    );
  };

  return (
    <>
      <Group gap="xs" data-testid="own-product-state-actions">
        {ACTIONS[product.status].map((action) => (
          <Button
            key={action}
            variant={action === 'publish' ? 'filled' : 'outline'}
            color={action === 'delete' || action === 'archive' ? 'red' : undefined}
            disabled={dirty || (action === 'publish' && !mayPublish)}
            onClick={() => setConfirming(action)}
            data-testid={`own-product-${action}`}
          >
            {t(`catalogPublish.actions.${action}`)}
          </Button>
        ))}
      </Group>
      {dirty && (
        <Text size="sm" c="dimmed" data-testid="own-product-save-first">
          {t('catalogPublish.actions.saveFirst')}
        </Text>
      )}
      {product.status === 'draft' && plan.data && !mayPublish && (
        <Alert color="orange" variant="light">
          {t('catalogPublish.products.notPublisher')}
        </Alert>
      )}
      {confirming !== null && (
        <ConfirmDialog
          title={t(`catalogPublish.actions.${confirming}Title`)}
          message={t(`catalogPublish.actions.${confirming}Confirm`, { name: product.name })}
          confirmLabel={t(`catalogPublish.actions.${confirming}`)}
          danger={confirming === 'delete' || confirming === 'archive'}
          pending={transition.isPending || remove.isPending}
          error={transition.error ?? remove.error}
          onConfirm={confirm}
          onClose={close}
        />
      )}
    </>
  );
}

import { useCallback, useRef, useState, type ChangeEvent } from 'react';
import { ApiError } from '../api';

type FieldErrorMap<T> = Partial<Record<keyof T & string, string>>;

/**
 * Values and per-field messages of a small form of text inputs. Values are kept exactly
 * as typed (passwords must never be altered) and survive every error.
 */
export function useFormState<T extends Record<keyof T, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrorMap<T>>({});
  // Object.keys is typed string[]; the keys of `initial` are exactly the form's fields.
  const [fieldNames] = useState(() => Object.keys(initial) as (keyof T & string)[]);
  const inputs = useRef(new Map<string, HTMLInputElement>());

  /** Props for a Mantine input bound to `name`: value, change handler, error, ref. */
  const field = useCallback(
    (name: keyof T & string) => ({
      value: values[name],
      error: errors[name],
      ref: (element: HTMLInputElement | null) => {
        if (element) inputs.current.set(name, element);
        else inputs.current.delete(name);
      },
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const { value } = event.currentTarget;
        setValues((current) => ({ ...current, [name]: value }));
        setErrors((current) => ({ ...current, [name]: undefined }));
      },
    }),
    [values, errors],
  );

  /** Shows `next` beside the fields and moves focus to the first field in error. */
  const showErrors = useCallback(
    (next: FieldErrorMap<T>) => {
      setErrors(next);
      const first = fieldNames.find((name) => next[name] !== undefined);
      if (first !== undefined) inputs.current.get(first)?.focus();
    },
    [fieldNames],
  );

  /**
   * Marks every empty field with `message`; returns true when all are filled.
   * Only emptiness is checked here — the server applies the real rules.
   */
  const checkFilled = useCallback(
    (message: string): boolean => {
      const next: FieldErrorMap<T> = {};
      for (const name of fieldNames) if (values[name].trim() === '') next[name] = message;
      showErrors(next);
      return Object.keys(next).length === 0;
    },
    [fieldNames, values, showErrors],
  );

  /** Shows the server's per-field messages for the fields this form has. */
  const showServerErrors = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return;
      const next: FieldErrorMap<T> = {};
      for (const name of fieldNames) {
        const message = error.fields[name];
        if (message !== undefined) next[name] = message;
      }
      showErrors(next);
    },
    [fieldNames, showErrors],
  );

  return { values, errors, field, fieldNames, showErrors, checkFilled, showServerErrors };
}

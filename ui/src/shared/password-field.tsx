// Mantine's PasswordInput, with aria-invalid on the input when it shows an error (Mantine's own
// PasswordInput leaves it off, so a screen reader would not hear that the field was refused).
import { PasswordInput, type PasswordInputProps } from '@mantine/core';

export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput aria-invalid={props.error ? true : undefined} {...props} />;
}

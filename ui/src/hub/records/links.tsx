// Mantine's Anchor and Button as TanStack Router links (typed `to` and `params`), real <a> elements.
import { Anchor, type AnchorProps, Button, type ButtonProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef } from 'react';

type AnchorElementProps = AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>;
type ButtonElementProps = ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement>;

const AnchorElement = forwardRef<HTMLAnchorElement, AnchorElementProps>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));
AnchorElement.displayName = 'AnchorElement';

const ButtonElement = forwardRef<HTMLAnchorElement, ButtonElementProps>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
ButtonElement.displayName = 'ButtonElement';

export const RouterAnchor = createLink(AnchorElement);
export const RouterButton = createLink(ButtonElement);

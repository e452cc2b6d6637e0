// Mantine's NavLink as a TanStack Router link (typed `to`), rendered as a real <a> for keyboard and middle-click.
import { NavLink, type NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type AnchorNavLinkProps = NavLinkProps & AnchorHTMLAttributes<HTMLAnchorElement>;

const AnchorNavLink = forwardRef<HTMLAnchorElement, AnchorNavLinkProps>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
AnchorNavLink.displayName = 'AnchorNavLink';

export const RouterNavLink = createLink(AnchorNavLink);

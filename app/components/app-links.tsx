import { useLocation, useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/**
 * In-app navigation for the many links of one element (a table's rows, a section's nav): plain
 * `<a href data-app-link>` under one click handler. Each `<Link>` is a component with route
 * resolution on every render, on the server and again when hydrating: ~8–12 µs each, 60 on the
 * organizer entries page. Remix's own click handler (useLinkClickHandler) is a hook per link,
 * bound to its `to`, so it cannot serve a container; this one does what it does: a
 * plain left click navigates in the app, a modified click or one before hydration is the
 * browser's (new tab, full load). Only marked anchors: exports are resource routes, files to load.
 */
export function useAppLinkClick() {
  const navigate = useNavigate();
  const location = useLocation();
  const here = location.pathname + location.search + location.hash;
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const a = (event.target as Element).closest("a[data-app-link]");
      if (!(a instanceof HTMLAnchorElement) || a.target || a.origin !== window.location.origin) return;
      event.preventDefault();
      const to = a.pathname + a.search + a.hash;
      // Like a Link: the same page again replaces the history entry instead of adding one.
      navigate(to, { replace: to === here });
    },
    [navigate, here],
  );
}

/**
 * Whether `to` is the current page for a nav link, by NavLink's rule: the same path (a trailing
 * slash aside) or, unless `end` (an index link), a path below it.
 */
export function currentPage(pathname: string, to: string, end = false): "page" | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  return path === to || (!end && path.startsWith(`${to}/`)) ? "page" : undefined;
}

/** For a nav of plain links: `aria-current` of each, from the current location. */
export function useCurrentPage() {
  const { pathname } = useLocation();
  return (to: string, end = false) => currentPage(pathname, to, end);
}

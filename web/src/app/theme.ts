import { createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  // Close buttons are icon-only: give them a name for screen readers.
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
  },
});

/** Secondary ("dimmed") text dark enough for WCAG AA contrast (4.5:1) in both themes; the library's default is not. */
export const cssVariables: CSSVariablesResolver = (t) => {
  // Text of "light" badges and alerts on their tinted background: shade 9 darkened in the light theme, shade 3 in the dark one.
  const light: Record<string, string> = { '--mantine-color-dimmed': t.colors.gray[7]!, '--mantine-color-error': t.colors.red[9]!, '--mantine-primary-color-light-color': t.colors[t.primaryColor]![9]! };
  const dark: Record<string, string> = { '--mantine-color-dimmed': t.colors.dark[1]!, '--mantine-color-error': t.colors.red[3]!, '--mantine-primary-color-light-color': t.colors[t.primaryColor]![3]! };
  for (const name of Object.keys(t.colors)) {
    light[`--mantine-color-${name}-light-color`] = `color-mix(in srgb, ${t.colors[name]![9]!}, black 30%)`;
    dark[`--mantine-color-${name}-light-color`] = t.colors[name]![3]!;
  }
  // Yellow's darkest shade is still orange-bright; on its pale tint it needs a brown to reach 4.5:1.
  light['--mantine-color-yellow-light-color'] = '#6b4400';
  return { variables: {}, light, dark };
};
